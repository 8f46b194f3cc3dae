namespace Harness.Load.Scheduling;

/// <summary>
/// The load engine's own clocks: how often it probes its lag, how it sleeps towards an intended
/// start, and how long it waits for requests at the end of a run. Each period is well below the
/// latencies measured (tens of milliseconds and up) and well above the cost of one probe.
/// </summary>
internal static class EngineTiming
{
    /// <summary>Period of the socket-read lag probe (<see cref="ReadLagProbe"/>).</summary>
    public static readonly TimeSpan ReadLagProbeInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Closed model: pause between two thread-pool lag samples.</summary>
    public const int ThreadPoolLagProbeIntervalMs = 5;

    /// <summary>Closed model: how often the controller re-reads the profile's target copy count.</summary>
    public const int CopyControlIntervalMs = 10;

    /// <summary>End of run: poll period while waiting for requests in flight.</summary>
    public const int DrainPollMs = 5;

    /// <summary>End of run: after cancelling what outlived the drain timeout, the longest wait for it to stop.</summary>
    public static readonly TimeSpan CancelledRequestsStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>End of run: the longest wait for closed-model copies between requests to notice the end.</summary>
    public static readonly TimeSpan CopiesStopTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often new rows go to the <see cref="Results.ResultsJournal"/> (at least once a second, as
    /// promised; each hand-over is one lock and one append of whole lines).
    /// </summary>
    public static readonly TimeSpan JournalInterval = TimeSpan.FromMilliseconds(500);

    /// <summary><c>--start-at</c>: closer than this, spin on the wall clock instead of sleeping.</summary>
    public static readonly TimeSpan StartAtSpinWindow = TimeSpan.FromMilliseconds(2);
}
