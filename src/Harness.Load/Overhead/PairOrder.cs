namespace Harness.Load.Overhead;

/// <summary>
/// Which endpoint goes first in a pair: a seeded coin per pair index. A fixed order would hand one
/// endpoint every warm-cache or just-woken advantage; a coin per pair spreads them evenly, and the
/// index (not the worker or the clock) decides it, so a seed replays the same orders.
/// </summary>
public static class PairOrder
{
    /// <summary>True when pair <paramref name="pairIndex"/> sends through the relay first.</summary>
    public static bool ViaFirst(int seed, long pairIndex)
    {
        // SplitMix64's finaliser over seed and index: every bit of both reaches the low bit.
        ulong z = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)pairIndex + 0xD1B54A32D192ED03UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return ((z ^ (z >> 31)) & 1) == 1;
    }
}
