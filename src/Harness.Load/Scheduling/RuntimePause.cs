namespace Harness.Load.Scheduling;

/// <summary>
/// One stretch in which the runtime had suspended every managed thread of this process, from the
/// suspension's start to the restart's end (<see cref="System.Diagnostics.Stopwatch"/> timestamps).
/// </summary>
/// <param name="Start">When the suspension began.</param>
/// <param name="End">When the threads ran again.</param>
/// <param name="Generation">The generation collected inside it; -1 when no collection started in it (a background collection's second suspension, or a suspension for tiered compilation).</param>
internal readonly record struct RuntimePause(long Start, long End, int Generation);
