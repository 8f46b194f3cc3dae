namespace Harness.Core.Tests;

public sealed class YoungGenerationBudgetTests
{
    private const long MB = 1 << 20;

    [Theory]
    [InlineData(6 * MB, null, null, true)] // workstation GC on a VM that reports no CPU cache
    [InlineData(200 * MB, null, null, false)] // server GC
    [InlineData(32 * MB, null, null, false)] // at the floor already
    [InlineData(6 * MB, "0x2000000", null, false)] // what run.sh and the image set
    [InlineData(6 * MB, "0x400000", null, false)] // a floor you set wins, whatever it is
    [InlineData(6 * MB, null, "0x2000000", false)] // the older prefix counts too
    [InlineData(6 * MB, " ", null, true)] // blank is not set
    [InlineData(0, null, null, false)] // the runtime did not say
    public void Small_means_capped_under_the_floor_with_no_floor_set(long cap, string? dotnet, string? complus, bool expected)
    {
        var variables = new Dictionary<string, string?> { ["DOTNET_GCgen0size"] = dotnet, ["COMPlus_GCgen0size"] = complus };
        Assert.Equal(expected, YoungGenerationBudget.IsSmallFor(cap, name => variables.GetValueOrDefault(name)));
    }

    [Fact]
    public void The_cap_is_the_runtimes_own_figure()
    {
        // The test host runs workstation GC; whatever its cap, the runtime names one.
        Assert.True(YoungGenerationBudget.Cap > 0);
    }
}
