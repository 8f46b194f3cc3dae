using Harness.Load.Results;

namespace Harness.Reports.Tests;

/// <summary>
/// A series given its own scheduling lag: p99s for the series taken together and for each of its
/// rounds, so that one round can pass the 5 ms threshold while the series together does not.
/// </summary>
internal static class SaturatedSeries
{
    private const int Probes = 1000;

    public static SeriesResult InRounds(SeriesResult series, double togetherMs, params double[] roundsMs) => series with
    {
        Metrics = new(series.Metrics) { [MetricNames.StartDelay] = new MetricSummary { Count = Probes, P50 = togetherMs, P99 = togetherMs } },
        Rounds = roundsMs.Length == 0 ? null : [.. roundsMs.Select((lag, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.StartDelay] = new MetricSummary { Count = Probes / roundsMs.Length, P50 = lag, P99 = lag } } })],
    };

    /// <summary>
    /// Every series of <paramref name="run"/> with a lag: <paramref name="togetherMs"/> and rounds as
    /// given where <paramref name="which"/> says, 0.2 ms elsewhere. With <paramref name="histograms"/>,
    /// the probes are recorded there too, for a run written to a results directory and read back.
    /// </summary>
    public static RunResults With(RunResults run, Func<SeriesResult, bool> which, double togetherMs, double[]? roundsMs = null, HistogramSet? histograms = null) => run with
    {
        Series = [.. run.Series.Select(s =>
        {
            var lagged = which(s) ? InRounds(s, togetherMs, roundsMs ?? []) : InRounds(s, 0.2);
            if (histograms is not null)
            {
                var probes = histograms.Get(s.Transport, s.LoadPoint, MetricNames.StartDelay);
                for (int i = 0; i < Probes; i++)
                {
                    HistogramSet.Record(probes, TimeSpan.FromMilliseconds(lagged.Metrics[MetricNames.StartDelay].P99));
                }

                lagged = lagged with { Metrics = new(lagged.Metrics) { [MetricNames.StartDelay] = HistogramSet.Summarize(probes, MetricNames.StartDelay) } };
            }

            return lagged;
        })],
    };
}
