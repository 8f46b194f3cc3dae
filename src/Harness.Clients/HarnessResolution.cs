namespace Harness.Clients;

/// <summary>
/// The smallest latency difference a run can resolve: the harness's own lag at p99 during the run
/// (how late it started requests and handled socket reads, from its probes) plus, where the server
/// is the harness's fake, how late the fake wrote tokens at p99. A difference between two figures
/// smaller than <see cref="BoundMs"/> is within the harness's own error.
/// </summary>
/// <param name="LagP99Ms">The harness's scheduling lag p99 (the worse of its start and read probes), ms.</param>
/// <param name="LagSamples">Probe samples behind <paramref name="LagP99Ms"/> (0: not probed).</param>
/// <param name="FakeLateP99Ms">The fake's write lateness p99 when the server is the harness's fake; null otherwise.</param>
public sealed record HarnessResolution(double LagP99Ms, long LagSamples, double? FakeLateP99Ms)
{
    /// <summary>The error bound, ms: lag p99 plus the fake's lateness p99 where there is one.</summary>
    public double BoundMs => LagP99Ms + (FakeLateP99Ms ?? 0);
}
