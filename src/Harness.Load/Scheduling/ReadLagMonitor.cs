using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Results;

namespace Harness.Load.Scheduling;

/// <summary>
/// A <see cref="ReadLagProbe"/> for one measurement outside the load engine (<c>stream</c>): probes
/// while the measurement runs and turns the samples into the run's <see cref="HarnessResolution"/>.
/// </summary>
public sealed class ReadLagMonitor : IAsyncDisposable
{
    private readonly List<long> _lagTicks = [];
    private ReadLagProbe? _probe;

    private ReadLagMonitor()
    {
    }

    /// <summary>Starts probing every <paramref name="interval"/>, and listening for the process's pauses.</summary>
    public static async Task<ReadLagMonitor> StartAsync(TimeSpan interval)
    {
        _ = RuntimePauseLog.Instance;
        var monitor = new ReadLagMonitor();
        monitor._probe = await ReadLagProbe.StartAsync(interval, monitor.Record).ConfigureAwait(false);
        return monitor;
    }

    /// <summary>Forgets the samples so far: the measurement starts now (probing goes on).</summary>
    public void DropSamples()
    {
        lock (_lagTicks)
        {
            _lagTicks.Clear();
        }
    }

    /// <summary>Stops probing; the lag p99 seen so far, with the fake's lateness p99 when the server was the harness's fake.</summary>
    public async Task<HarnessResolution> StopAsync(double? fakeLateP99Ms = null)
    {
        await DisposeAsync().ConfigureAwait(false);
        double[] lags;
        lock (_lagTicks)
        {
            lags = _lagTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        }

        Array.Sort(lags);
        return new HarnessResolution(RequestTimelineJson.Percentile(lags, 0.99), lags.Length, fakeLateP99Ms);
    }

    /// <summary>The process's pauses from <paramref name="timeline"/>'s latency origin to its end, and whether one may have delayed its first token; null when unknown.</summary>
    public static HarnessPauses? PausesDuring(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        long end = timeline.End != 0 ? timeline.End : Stopwatch.GetTimestamp();
        return RuntimePauseLog.Instance.Summarize(timeline.LatencyOrigin, end, RequestSample.Of(timeline) is { } sample ? [sample] : []);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_probe is { } probe)
        {
            _probe = null;
            await probe.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Record(long sent, long lagTicks)
    {
        lock (_lagTicks)
        {
            _lagTicks.Add(lagTicks);
        }
    }
}
