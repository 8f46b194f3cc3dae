namespace Harness.Load.Scheduling;

/// <summary>
/// One stretch in which no thread of this process could run (<see cref="System.Diagnostics.Stopwatch"/>
/// timestamps): the runtime had suspended every managed thread, from the suspension's start to the
/// restart's end, or the machine itself stood still (<see cref="MachinePauseProbe"/>).
/// </summary>
/// <param name="Start">When the suspension began, or when the machine-pause probe was due to wake.</param>
/// <param name="End">When the threads ran again.</param>
/// <param name="Generation">The generation collected inside it; <see cref="NoCollection"/> when no collection started in it (a background collection's second suspension, or a suspension for tiered compilation); <see cref="Machine"/> for the machine's.</param>
internal readonly record struct HarnessPause(long Start, long End, int Generation)
{
    /// <summary><see cref="Generation"/> of a runtime suspension without a collection.</summary>
    public const int NoCollection = -1;

    /// <summary><see cref="Generation"/> of a stretch in which the machine, not the runtime, stood still.</summary>
    public const int Machine = -2;

    /// <summary>Whether the machine stood still in it, rather than the runtime.</summary>
    public bool IsMachine => Generation == Machine;
}
