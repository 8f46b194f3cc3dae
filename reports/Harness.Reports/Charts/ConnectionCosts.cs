using Harness.Load;
using Harness.Load.Results;

namespace Harness.Reports.Charts;

/// <summary>
/// Median connection costs per transport, cold (a new connection) versus warm (reused): from
/// <c>requests.csv</c> when present (each row says whether its connection was reused), else from
/// the series summaries (a series run with <c>cold</c> connections against one with <c>warm</c>).
/// </summary>
public sealed record ConnectionCosts(string Transport, Dictionary<string, double> Values)
{
    /// <summary>How many requests each of <see cref="Values"/>' medians was taken over (a median of 1 is one request's time).</summary>
    public Dictionary<string, long> Counts { get; init; } = [];

    /// <summary>Connect on a new connection.</summary>
    public const string ConnectCold = "connect (new conn.)";

    /// <summary>TLS on a new connection.</summary>
    public const string TlsCold = "TLS (new conn.)";

    /// <summary>TTFB on a new connection.</summary>
    public const string TtfbCold = "TTFB cold";

    /// <summary>TTFB on a reused connection.</summary>
    public const string TtfbWarm = "TTFB warm";

    /// <summary>The groups, in chart order.</summary>
    public static IReadOnlyList<string> Groups { get; } = [ConnectCold, TlsCold, TtfbCold, TtfbWarm];

    /// <summary>The costs of each transport with any.</summary>
    public static IReadOnlyList<ConnectionCosts> From(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new List<ConnectionCosts>();
        foreach (string transport in data.Transports)
        {
            var (values, counts) = data.Requests.Count > 0 ? FromRequests(data.Requests, transport) : FromSeries(data, transport);
            if (values.Count > 0)
            {
                result.Add(new ConnectionCosts(transport, values) { Counts = counts });
            }
        }

        return result;
    }

    private static (Dictionary<string, double>, Dictionary<string, long>) FromRequests(IReadOnlyList<RequestRow> rows, string transport)
    {
        var cold = new Dictionary<string, List<double>> { [ConnectCold] = [], [TlsCold] = [], [TtfbCold] = [] };
        var warm = new List<double>();
        foreach (var row in rows)
        {
            if (!string.Equals(row.Transport, transport, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (row.ConnectionReused)
            {
                AddIf(warm, row.TtfbMs);
                continue;
            }

            AddIf(cold[ConnectCold], row.ConnectMs);
            AddIf(cold[TlsCold], row.TlsMs);
            AddIf(cold[TtfbCold], row.TtfbMs);
        }

        var values = new Dictionary<string, double>();
        var counts = new Dictionary<string, long>();
        foreach (var (group, list) in cold.Append(new(TtfbWarm, warm)))
        {
            if (list.Count > 0)
            {
                values[group] = Median(list);
                counts[group] = list.Count;
            }
        }

        return (values, counts);
    }

    private static (Dictionary<string, double>, Dictionary<string, long>) FromSeries(ReportData data, string transport)
    {
        var values = new Dictionary<string, double>();
        var counts = new Dictionary<string, long>();
        void Add(string group, MetricSummary summary)
        {
            if (values.TryAdd(group, summary.P50))
            {
                counts[group] = summary.Count;
            }
        }

        foreach (var series in data.Results.Series.Where(s => s.Transport == transport))
        {
            bool cold = string.Equals(series.Connections, "cold", StringComparison.OrdinalIgnoreCase);
            if (series.Metrics.TryGetValue(MetricNames.Connect, out var connect) && connect.Count > 0)
            {
                Add(ConnectCold, connect);
            }

            if (series.Metrics.TryGetValue(MetricNames.Tls, out var tls) && tls.Count > 0)
            {
                Add(TlsCold, tls);
            }

            if (series.Metrics.TryGetValue(MetricNames.Ttfb, out var ttfb) && ttfb.Count > 0)
            {
                Add(cold ? TtfbCold : TtfbWarm, ttfb);
            }
        }

        return (values, counts);
    }

    private static void AddIf(List<double> list, double? value)
    {
        if (value is not null)
        {
            list.Add(value.Value);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
