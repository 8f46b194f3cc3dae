using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// A series' output tokens are each request's usage when sent, else the tokenizer's count, else
/// its deltas; the run's total (what tokens/s is judged on) and its accounting agree on which.
/// </summary>
public sealed class TokenCountTests
{
    private static async Task<SeriesResult> RunAsync(SimulatedServer server)
    {
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(2, TimeSpan.FromMilliseconds(500))]), WarmUp = TimeSpan.Zero };
        var run = await LoadEngine.RunAsync(scenario, server);
        Assert.True(run.Series.Outcomes.GetValueOrDefault("ok") > 0, "no request finished");
        Assert.Equal(run.Series.Outcomes.Values.Sum(), run.Series.Outcomes["ok"]);
        return run.Series;
    }

    [Fact]
    public async Task WithoutUsage_TheSeriesCountsTheTokenizersTokens_NotTheDeltas()
    {
        var series = await RunAsync(new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(2), Itl = TimeSpan.FromMilliseconds(1), Tokens = 3, CountedTokens = 7 });
        long finished = series.Outcomes.Values.Sum();
        Assert.Equal(7 * finished, series.Tokens);
        Assert.Equal(finished, series.TokenAccounting!.Counted);
        Assert.Equal(0, series.TokenAccounting.Compared);
    }

    [Fact]
    public async Task WithUsage_TheSeriesCountsUsage_AndReportsWhereTheTokenizerDisagrees()
    {
        var series = await RunAsync(new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(2), Itl = TimeSpan.FromMilliseconds(1), Tokens = 3, UsageTokens = 10, CountedTokens = 8 });
        long finished = series.Outcomes.Values.Sum();
        Assert.Equal(10 * finished, series.Tokens);
        Assert.Equal((finished, finished, finished), (series.TokenAccounting!.FromUsage, series.TokenAccounting.Compared, series.TokenAccounting.Mismatched));
        Assert.Equal(0.2, series.TokenAccounting.MaxRelativeDifference, 12);
    }
}
