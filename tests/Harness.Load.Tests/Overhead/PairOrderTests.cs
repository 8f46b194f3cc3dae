using Harness.Load.Overhead;

namespace Harness.Load.Tests.Overhead;

public sealed class PairOrderTests
{
    [Fact]
    public void SameSeedAndIndex_SameOrder_DifferentSeed_DifferentSequence()
    {
        bool[] a = [.. Enumerable.Range(0, 64).Select(i => PairOrder.ViaFirst(7, i))];
        bool[] again = [.. Enumerable.Range(0, 64).Select(i => PairOrder.ViaFirst(7, i))];
        bool[] other = [.. Enumerable.Range(0, 64).Select(i => PairOrder.ViaFirst(8, i))];

        Assert.Equal(a, again);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void AboutHalfThePairsGoThroughTheRelayFirst_WithoutLongRuns()
    {
        const int n = 10_000;
        bool[] orders = [.. Enumerable.Range(0, n).Select(i => PairOrder.ViaFirst(OverheadPlan.DefaultSeed, i))];
        int viaFirst = orders.Count(o => o);
        // Binomial(10000, ½): 5000 ± 50 is one standard deviation; ±250 is five.
        Assert.InRange(viaFirst, 4750, 5250);
        int longest = 1, run = 1;
        for (int i = 1; i < n; i++)
        {
            run = orders[i] == orders[i - 1] ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }

        // A fair coin's longest run in 10,000 tosses is about log2(10000) ≈ 13; a biased or periodic one is not.
        Assert.InRange(longest, 8, 24);
    }
}
