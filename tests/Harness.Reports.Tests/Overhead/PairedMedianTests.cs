using Harness.Reports.Overhead;

namespace Harness.Reports.Tests.Overhead;

public sealed class PairedMedianTests
{
    [Theory]
    [InlineData(5, 0)] // 2 × (1/32) > 5%: no interval
    [InlineData(6, 1)] // 2 × (1/64) ≤ 5%: [x1, x6]
    [InlineData(10, 2)] // P(X ≤ 1) = 11/1024, P(X ≤ 2) = 56/1024
    [InlineData(100, 40)] // the sign test's textbook interval [x40, x61]
    public void LowerRank_IsTheSignTestsOrderStatistic(int n, int rank)
    {
        Assert.Equal(rank, PairedMedian.LowerRank(n));
    }

    [Fact]
    public void Median_OddAndEven_WithTheInterval()
    {
        var odd = PairedMedian.Of([5, 1, 3, 2, 4, 7, 6]);
        Assert.Equal(4, odd.MedianMs);
        Assert.Equal(1, odd.CiLowMs);
        Assert.Equal(7, odd.CiHighMs);

        var even = PairedMedian.Of([.. Enumerable.Range(1, 10).Select(i => (double)i)]);
        Assert.Equal(5.5, even.MedianMs);
        Assert.Equal(2, even.CiLowMs);
        Assert.Equal(9, even.CiHighMs);
    }

    [Fact]
    public void FewPairs_MedianWithoutInterval_NoPairs_Nothing()
    {
        var few = PairedMedian.Of([1, 2, 3]);
        Assert.Equal(2, few.MedianMs);
        Assert.Null(few.CiLowMs);
        Assert.Null(PairedMedian.Of([]).MedianMs);
    }
}
