using Harness.Load.Results;

namespace Harness.Load;

/// <summary>What <see cref="LoadEngine.RunAsync"/> produced for one series (transport × load point).</summary>
public sealed record LoadSeriesRun
{
    /// <summary>Counts, outcomes and metric summaries.</summary>
    public required SeriesResult Series { get; init; }

    /// <summary>The series' histograms (tags <c>transport:loadPoint:metric</c>).</summary>
    public required HistogramSet Histograms { get; init; }

    /// <summary>Per-second rows of the measured window.</summary>
    public required IReadOnlyList<TimeSeriesRow> TimeSeries { get; init; }

    /// <summary>The <c>requests.csv</c> rows kept (at most <see cref="LoadRunOptions.MaxRequestRows"/>).</summary>
    public required IReadOnlyList<RequestRow> Requests { get; init; }

    /// <summary>The engine's scheduling lag against the threshold.</summary>
    public required SaturationStatus Saturation { get; init; }

    /// <summary>When measuring began (UTC, after warm-up).</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>When the series ended (UTC).</summary>
    public DateTimeOffset EndedUtc { get; init; }

    /// <summary>True when it was cancelled before its end.</summary>
    public bool Partial { get; init; }

    /// <summary>Requests still in flight when the drain timeout passed (cancelled, recorded as such).</summary>
    public long CancelledAtDrain { get; init; }

    /// <summary>
    /// The first measured request that failed, as "outcome: what happened"
    /// (<c>connect_error: connection refused (127.0.0.1:8080)</c>), for a line about a run that failed; null when none did.
    /// </summary>
    public string? FirstFailure { get; init; }

    /// <summary>Round measurements set aside because the machine stood still in them (<see cref="SetAsideRound"/>), in run order.</summary>
    public IReadOnlyList<SetAsideRound> SetAside { get; init; } = [];
}
