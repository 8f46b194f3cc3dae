using Harness.Load.Results;

namespace Harness.Reports.Tests;

/// <summary>
/// A run at one load point (c10) in which every request of a transport had the same TTFT, so its
/// percentiles and their differences are exact to the histograms' step; the run's scheduling lag
/// p99 as given and, against the embedded fake, how late the fake wrote (p99) in every series.
/// </summary>
internal static class ConstantTtftRun
{
    public const int Requests = 500;

    public static (RunResults Results, HistogramSet Histograms) Of(double lagP99Ms, params (string Transport, double TtftMs)[] transports) =>
        AgainstFake(lagP99Ms, fakeLateP99Ms: null, transports);

    public static (RunResults Results, HistogramSet Histograms) AgainstFake(double lagP99Ms, double? fakeLateP99Ms, params (string Transport, double TtftMs)[] transports) =>
        Sized(Requests, lagP99Ms, fakeLateP99Ms, transports);

    /// <summary>As <see cref="AgainstFake"/>, with <paramref name="requests"/> requests per transport.</summary>
    public static (RunResults Results, HistogramSet Histograms) Sized(int requests, double lagP99Ms, double? fakeLateP99Ms, params (string Transport, double TtftMs)[] transports) =>
        AtLoads(["c10"], requests, lagP99Ms, fakeLateP99Ms, transports);

    /// <summary>As <see cref="Sized"/>, with every transport at each of <paramref name="loadPoints"/> (<c>c10</c>, <c>c100</c>).</summary>
    public static (RunResults Results, HistogramSet Histograms) AtLoads(IReadOnlyList<string> loadPoints, int requests, double lagP99Ms, double? fakeLateP99Ms, params (string Transport, double TtftMs)[] transports)
    {
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        foreach (var ((transport, ttftMs), loadPoint) in transports.SelectMany(t => loadPoints.Select(l => (t, l))))
        {
            for (int i = 0; i < requests; i++)
            {
                HistogramSet.Record(histograms.Get(transport, loadPoint, MetricNames.Ttft), TimeSpan.FromMilliseconds(ttftMs));
            }

            series.Add(new SeriesResult
            {
                Transport = transport,
                LoadPoint = loadPoint,
                Concurrency = int.Parse(loadPoint[1..], System.Globalization.CultureInfo.InvariantCulture),
                Requests = requests,
                Outcomes = new() { ["ok"] = requests },
                FakeLateness = fakeLateP99Ms is double late
                    ? new ServerLateness { Events = requests * 10, P50Ms = late / 2, P99Ms = late, P999Ms = late, MaxMs = late }
                    : null,
            });
        }

        var results = new RunResults
        {
            Name = "constant",
            StartedUtc = DateTimeOffset.UnixEpoch,
            Series = series,
            Saturation = new SaturationStatus { LagP99Ms = lagP99Ms, ThresholdMs = 5 },
        };
        return (results, histograms);
    }
}
