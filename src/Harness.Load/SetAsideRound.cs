namespace Harness.Load;

/// <summary>
/// A round measured again because the machine stood still in it (<see cref="Results.MachineStall"/>):
/// its requests are kept apart (results.json's <c>setAside</c>, the results directory's
/// <c>set-aside/</c>), not in the series' figures.
/// </summary>
/// <param name="Round">The round it was measured for, from 1.</param>
/// <param name="Run">What it measured.</param>
/// <param name="Because">Why it was set aside.</param>
public sealed record SetAsideRound(int Round, LoadSeriesRun Run, string Because);
