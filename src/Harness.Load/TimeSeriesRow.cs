using System.Globalization;
using System.Text;

namespace Harness.Load;

/// <summary>One row of <c>timeseries.csv</c> (columns as <see cref="Results.ResultsDirectory.TimeSeriesHeader"/>).</summary>
public sealed record TimeSeriesRow
{
    /// <summary>Outcome columns, in header order (the <see cref="Harness.Clients.RequestOutcome"/> values).</summary>
    public static readonly int OutcomeCount = Enum.GetValues<Harness.Clients.RequestOutcome>().Length;

    /// <summary>Second of the measured window (0-based).</summary>
    public int Second { get; init; }

    /// <summary>Transport short name.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point label.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Requests started this second.</summary>
    public long Started { get; set; }

    /// <summary>Requests finished this second.</summary>
    public long Finished { get; set; }

    /// <summary>Requests in flight at the end of this second.</summary>
    public long Active { get; set; }

    /// <summary>Tokens that arrived this second.</summary>
    public long Tokens { get; set; }

    /// <summary>Finished requests by outcome, indexed by <see cref="Harness.Clients.RequestOutcome"/>.</summary>
    public long[] Outcomes { get; init; } = new long[OutcomeCount];

    /// <summary>The CSV line.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Second},{Csv.Escape(Transport)},{Csv.Escape(LoadPoint)},{Started},{Finished},{Active},{Tokens}");
        foreach (long count in Outcomes)
        {
            sb.Append(CultureInfo.InvariantCulture, $",{count}");
        }

        return sb.ToString();
    }

    /// <summary>Parses a CSV line written by <see cref="ToCsv"/>.</summary>
    public static TimeSeriesRow Parse(string line)
    {
        var cells = Csv.Split(line);
        // Rows written before the stopped column (the last) have one fewer: it reads 0.
        if (cells.Count != 7 + OutcomeCount && cells.Count != 6 + OutcomeCount)
        {
            throw new InvalidDataException($"timeseries.csv: expected {7 + OutcomeCount} columns, got {cells.Count}: {line}");
        }

        var row = new TimeSeriesRow
        {
            Second = int.Parse(cells[0], CultureInfo.InvariantCulture),
            Transport = cells[1],
            LoadPoint = cells[2],
            Started = long.Parse(cells[3], CultureInfo.InvariantCulture),
            Finished = long.Parse(cells[4], CultureInfo.InvariantCulture),
            Active = long.Parse(cells[5], CultureInfo.InvariantCulture),
            Tokens = long.Parse(cells[6], CultureInfo.InvariantCulture),
        };
        for (int i = 0; i < cells.Count - 7; i++)
        {
            row.Outcomes[i] = long.Parse(cells[7 + i], CultureInfo.InvariantCulture);
        }

        return row;
    }
}
