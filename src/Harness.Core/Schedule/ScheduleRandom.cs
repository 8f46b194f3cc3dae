namespace Harness.Core.Schedule;

/// <summary>
/// SplitMix64: a tiny PRNG whose output is fixed by its algorithm (unlike <see cref="Random"/>),
/// so schedules are identical across runtimes and machines.
/// </summary>
internal struct ScheduleRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public int NextInt(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>Standard normal by Box-Muller.</summary>
    public double NextStandardNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static ulong Mix(ulong a, ulong b)
    {
        var r = new ScheduleRandom(a ^ (b * 0xD1B54A32D192ED03UL));
        return r.NextUInt64();
    }
}
