namespace Harness.Load;

/// <summary>How a scenario is run: which agent share, when to start, where progress goes.</summary>
public sealed record LoadRunOptions
{
    /// <summary>This process's share of the load (<c>--agent I/N</c>).</summary>
    public AgentShare Agent { get; init; } = AgentShare.Whole;

    /// <summary>
    /// Wall-clock start (<c>--start-at</c>) so agents begin together; null starts now. A run ready
    /// only after it has passed by more than <see cref="StartAtTolerance"/> throws
    /// <see cref="StartMissedException"/> instead of starting out of step.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>How far past <see cref="StartAt"/> a run may still begin (and a given start time may already be).</summary>
    public static readonly TimeSpan StartAtTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Called about once a second with a snapshot, from a timer thread.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    /// <summary>Called with a line about the run a user should see as it happens (a round measured again, say).</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Told when the measured window opens, and asked to annotate the series at the end.</summary>
    public IMeasuredWindowObserver? WindowObserver { get; init; }

    /// <summary>Hears each measured request as it is recorded (live metrics: the CLI's <c>--metrics-port</c>).</summary>
    public ILoadObserver? Observer { get; init; }

    /// <summary>
    /// Where the per-second and request rows are appended while the run goes, so a run that dies keeps
    /// what it measured (the results directory's CSVs); null keeps them in memory only.
    /// </summary>
    public Results.ResultsJournal? Journal { get; init; }

    /// <summary>
    /// Where this run's measured window starts within its series' (a later round of an interleaved
    /// comparison): added to the per-second rows' seconds and the request rows' start times.
    /// </summary>
    public TimeSpan WindowOffset { get; init; }

    /// <summary>Most <c>requests.csv</c> rows kept per series (further requests are still measured).</summary>
    public int MaxRequestRows { get; init; } = 200_000;

    /// <summary>
    /// Whether the run first collects the whole heap at once, so what earlier work left is not copied
    /// by a collection inside the measured window. Off for the primer's unmeasured rounds: a full
    /// compacting collection took 25–30 ms before each of them, a second or more of every priming.
    /// </summary>
    public bool CollectFirst { get; init; } = true;
}
