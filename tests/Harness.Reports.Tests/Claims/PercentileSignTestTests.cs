using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

public sealed class PercentileSignTestTests
{
    [Theory]
    [InlineData(40, 0, 0.05)]
    [InlineData(40, 3, 0.05)]
    [InlineData(9, 4, 0.5)]
    [InlineData(30, 30, 0.01)]
    public void Tails_MatchTheBinomialSummedDirectly(int n, int k, double q)
    {
        double Pmf(int j) => Choose(n, j) * Math.Pow(q, j) * Math.Pow(1 - q, n - j);

        Assert.Equal(Enumerable.Range(0, k + 1).Sum(Pmf), PercentileSignTest.AtMost(n, k, q), 12);
        Assert.Equal(Enumerable.Range(k, n - k + 1).Sum(Pmf), PercentileSignTest.AtLeast(n, k, q), 12);
    }

    [Fact]
    public void LargeCounts_StayFinite_AndTheTwoTailsMeet()
    {
        // 0.5^3000 underflows a double; its coefficient brings the terms back.
        Assert.Equal(1, PercentileSignTest.AtMost(3000, 1500, 0.5) + PercentileSignTest.AtLeast(3000, 1501, 0.5), 9);
        Assert.Equal(1, PercentileSignTest.AtMost(2999, 2, 0.001) + PercentileSignTest.AtLeast(2999, 3, 0.001), 9);
        Assert.Equal(1, PercentileSignTest.AtLeast(40, 0, 0.05));
        Assert.Equal(Math.Pow(0.95, 40), PercentileSignTest.AtMost(40, 0, 0.05), 12);
    }

    private static double Choose(int n, int k)
    {
        double c = 1;
        for (int i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
        }

        return c;
    }
}
