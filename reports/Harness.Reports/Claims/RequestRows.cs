using Harness.Load;

namespace Harness.Reports.Claims;

/// <summary>
/// The per-request rows of a results directory's <c>requests.csv</c>, by series: what goodput and
/// per-status error shares need (histograms hold each metric apart, not which values came together),
/// without the requests an interruption stopped.
/// </summary>
public sealed class RequestRows
{
    private readonly Dictionary<(string Transport, string LoadPoint), List<RequestRow>> _bySeries;

    private RequestRows(Dictionary<(string, string), List<RequestRow>> bySeries) => _bySeries = bySeries;

    /// <summary>No rows (a results directory without <c>requests.csv</c>).</summary>
    public static RequestRows Empty { get; } = new([]);

    /// <summary>The rows of one series (empty when none were kept).</summary>
    public IReadOnlyList<RequestRow> Of(string transport, string loadPoint) =>
        _bySeries.TryGetValue((transport, loadPoint), out var rows) ? rows : [];

    /// <summary>Reads <c>requests.csv</c> in <paramref name="resultsDir"/>; <see cref="Empty"/> when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not one this harness writes; the message names the file and line.</exception>
    public static RequestRows Read(string resultsDir) => Of(ResultsFiles.ReadRequests(resultsDir));

    /// <summary>Groups rows by series.</summary>
    public static RequestRows Of(IEnumerable<RequestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var bySeries = new Dictionary<(string, string), List<RequestRow>>();
        foreach (var row in rows)
        {
            // An interruption's cut-off request ended in no outcome: no claim counts it either way.
            if (row.Outcome == Harness.Clients.RequestOutcome.Stopped)
            {
                continue;
            }

            var key = (row.Transport, row.LoadPoint);
            if (!bySeries.TryGetValue(key, out var list))
            {
                bySeries[key] = list = [];
            }

            list.Add(row);
        }

        return new RequestRows(bySeries);
    }
}
