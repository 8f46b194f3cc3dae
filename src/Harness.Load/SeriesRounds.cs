using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Joins the rounds of one series (one transport at one load point, measured in interleaved blocks)
/// into one series: histograms added, counts and measured time summed, summaries recomputed from
/// the added histograms, rows laid end to end, and each round's own summaries kept in
/// <see cref="SeriesResult.Rounds"/>. Measurements set aside (<see cref="SetAsideRound"/>) are kept
/// beside it, in none of its figures.
/// </summary>
public static class SeriesRounds
{
    /// <summary>
    /// The series of <paramref name="rounds"/> (in run order) out of <paramref name="planned"/>, with
    /// the measurements <paramref name="setAside"/>; a series planned as one block is returned as it
    /// was measured. Fewer rounds than planned, or a cut-short round, make it partial.
    /// </summary>
    public static LoadSeriesRun Merge(IReadOnlyList<LoadSeriesRun> rounds, int planned, IReadOnlyList<SetAsideRound>? setAside = null)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        setAside ??= [];
        List<RoundResult>? setAsideRounds = setAside.Count == 0 ? null : [.. setAside.Select(a => RoundOf(a.Run, a.Round) with { SetAsideBecause = a.Because })];
        if (planned == 1 && rounds.Count == 1)
        {
            return setAside.Count == 0 ? rounds[0] : rounds[0] with { Series = rounds[0].Series with { SetAside = setAsideRounds }, SetAside = setAside };
        }

        var first = rounds[0];
        var histograms = new HistogramSet();
        foreach (var round in rounds)
        {
            histograms.Merge(round.Histograms);
        }

        // Rounds ran one after another at the same load: their windows add up.
        var series = SeriesResult.Add([.. rounds.Select(r => r.Series)], histograms) with
        {
            DurationSeconds = rounds.Sum(r => r.Series.DurationSeconds),
            FakeLateness = ServerLateness.Merge([.. rounds.Select(r => r.Series.FakeLateness)]),
            Rounds = [.. rounds.Select((r, i) => RoundOf(r, i + 1))],
            SetAside = setAsideRounds,
        };
        return new LoadSeriesRun
        {
            Series = series,
            Histograms = histograms,
            TimeSeries = [.. rounds.SelectMany(r => r.TimeSeries)],
            Requests = [.. rounds.SelectMany(r => r.Requests)],
            // A round past the threshold saturates the series even when the rounds taken together are not.
            Saturation = SaturationStatus.Of([series], first.Saturation.ThresholdMs),
            StartedUtc = first.StartedUtc,
            EndedUtc = rounds[^1].EndedUtc,
            Partial = rounds.Count < planned || rounds.Any(r => r.Partial),
            CancelledAtDrain = rounds.Sum(r => r.CancelledAtDrain),
            FirstFailure = rounds.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null),
            SetAside = setAside,
        };
    }

    private static RoundResult RoundOf(LoadSeriesRun run, int round) => new()
    {
        Round = round,
        StartedUtc = run.StartedUtc,
        FirstSecond = run.TimeSeries.Count == 0 ? null : run.TimeSeries.Min(t => t.Second),
        DurationSeconds = run.Series.DurationSeconds,
        Requests = run.Series.Requests,
        WindowTokens = run.Series.WindowTokens,
        WindowSucceeded = run.Series.WindowSucceeded,
        FakeLateness = run.Series.FakeLateness,
        Metrics = run.Series.Metrics,
    };
}
