using System.Globalization;

namespace Harness.Reports;

/// <summary>
/// A CSV file of the results directory read by header name, so a column added later by the load
/// engine does not break the report. Cells are plain (the harness never writes commas inside one).
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<string[]> _rows;

    private CsvTable(Dictionary<string, int> columns, List<string[]> rows)
    {
        _columns = columns;
        _rows = rows;
    }

    /// <summary>Rows, without the header.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Reads <paramref name="path"/>, or returns null when it does not exist.</summary>
    public static CsvTable? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header is null)
        {
            return new CsvTable(new Dictionary<string, int>(StringComparer.Ordinal), []);
        }

        var names = header.Split(',');
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            columns.TryAdd(names[i].Trim(), i);
        }

        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                rows.Add(line.Split(','));
            }
        }

        return new CsvTable(columns, rows);
    }

    /// <summary>Whether the table has a column.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The text of a cell (empty when the column or cell is absent).</summary>
    public string Text(int row, string column) =>
        _columns.TryGetValue(column, out int i) && i < _rows[row].Length ? _rows[row][i].Trim() : string.Empty;

    /// <summary>A numeric cell, or null when empty or not a number.</summary>
    public double? Number(int row, string column) =>
        double.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
