using System.Globalization;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// The per-request rows of a results directory's <c>requests.csv</c>, by series: what goodput and
/// per-status error shares need (histograms hold each metric apart, not which values came together).
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
    /// <exception cref="FormatException">The header lacks a column these claims need.</exception>
    public static RequestRows Read(string resultsDir)
    {
        string path = Path.Combine(resultsDir, ResultsDirectory.RequestsFile);
        if (!File.Exists(path))
        {
            return Empty;
        }

        using var reader = new StreamReader(path);
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new FormatException($"{path}: no '{name}' column");
        int transport = Column("transport"), loadPoint = Column("load_point"), outcome = Column("outcome"), status = Column("http_status");
        int ttfb = Column("ttfb_ms"), ttfc = Column("ttfc_ms"), ttft = Column("ttft_ms"), e2e = Column("e2e_ms"), tokens = Column("tokens");
        var bySeries = new Dictionary<(string, string), List<RequestRow>>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            string[] f = line.Split(',');
            if (f.Length < header.Length)
            {
                continue;
            }

            var key = (f[transport], f[loadPoint]);
            if (!bySeries.TryGetValue(key, out var list))
            {
                bySeries[key] = list = [];
            }

            list.Add(new RequestRow(f[outcome], Int(f[status]), Ms(f[ttfb]), Ms(f[ttfc]), Ms(f[ttft]), Ms(f[e2e]), Int(f[tokens]) ?? 0));
        }

        return new RequestRows(bySeries);
    }

    private static double? Ms(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    private static int? Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
}
