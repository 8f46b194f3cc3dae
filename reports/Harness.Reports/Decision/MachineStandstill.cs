namespace Harness.Reports.Decision;

/// <summary>
/// A series, against an endpoint other than the embedded fake, in which the machine stood still
/// longer than the saturation threshold (the harness's own real-time probe woke that late,
/// <see cref="Harness.Load.Results.StallReach.MachineStallMs"/>) and which was kept: every attempt
/// at its round stood still, or the run kept such rounds. Such a stall delays every request in
/// flight at once, so, like the fake's, it can reach the series' tail percentiles.
/// </summary>
public sealed record MachineStandstill
{
    /// <summary>The series' transport.</summary>
    public required string Transport { get; init; }

    /// <summary>The series' load point.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>How late the probe woke at most in the series' window, ms.</summary>
    public double MaxMs { get; init; }
}
