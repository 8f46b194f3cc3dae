using Harness.Clients;

namespace Harness.Load.Overhead;

/// <summary>
/// One measured pair as recorded: which request went first, how each ended, and each request's
/// figures in <see cref="OverheadSamples.Metrics"/> order (ms; NaN where it has none: connect on a
/// reused connection, anything after a failure; ITL is the request's median gap).
/// </summary>
public sealed record OverheadPair(bool ViaFirst, RequestOutcome DirectOutcome, RequestOutcome ViaOutcome, double[] Direct, double[] Via)
{
    /// <summary>How the direct request ended, with its detail (<c>http_error(502)</c>, <c>timeout(first_token)</c>); the bare name when none was kept.</summary>
    public string DirectOutcomeText { get; init; } = DirectOutcome.ToName();

    /// <summary>How the relayed request ended, with its detail, as <see cref="DirectOutcomeText"/>.</summary>
    public string ViaOutcomeText { get; init; } = ViaOutcome.ToName();

    /// <summary>Whether the direct answer was streamed: false when it came all at once, null when not judged (failed, too short, or saved before answers were judged).</summary>
    public bool? DirectStreamed { get; init; }

    /// <summary>Whether the relayed answer was streamed, as <see cref="DirectStreamed"/>.</summary>
    public bool? ViaStreamed { get; init; }

    /// <summary>
    /// Whether a pause of the harness (<see cref="Results.HarnessPauses"/>) may have delayed either
    /// request's first token or end; false in a pairs file saved before pauses were judged per pair.
    /// </summary>
    public bool Paused { get; init; }
}
