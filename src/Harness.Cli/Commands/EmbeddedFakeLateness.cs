using Harness.Fakes;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Commands;

/// <summary>Adds the embedded fake's own lateness in each series' measured window to that series.</summary>
internal sealed class EmbeddedFakeLateness(FakeServer fake) : IMeasuredWindowObserver
{
    public void WindowStarted()
    {
        fake.Lateness.Reset();
        fake.Scheduler.ReleaseLateness.Reset();
    }

    public SeriesResult WindowEnded(SeriesResult series)
    {
        var lateness = fake.Lateness.Snapshot();
        // The buckets too, in memory, so the rounds of an interleaved series add up exactly.
        var histogram = HistogramSet.NewHistogram();
        foreach (var (late, count) in fake.Lateness.Buckets())
        {
            histogram.RecordValueWithCount(Math.Max(1, (long)late.TotalMicroseconds), count);
        }

        return series with
        {
            FakeLateness = new ServerLateness
            {
                Events = lateness.Count,
                P50Ms = lateness.P50.TotalMilliseconds,
                P99Ms = lateness.P99.TotalMilliseconds,
                P999Ms = lateness.P999.TotalMilliseconds,
                MaxMs = lateness.Max.TotalMilliseconds,
                SchedulerMaxMs = fake.Scheduler.ReleaseLateness.Snapshot().Max.TotalMilliseconds,
                Histogram = histogram,
            },
        };
    }
}
