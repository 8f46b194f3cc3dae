using Harness.Load.Simulations;

namespace Harness.Load.Tests;

public sealed class LoadStepTextTests
{
    public static TheoryData<LoadSimulation, string> Steps => new()
    {
        { new KeepConstant(10, TimeSpan.FromSeconds(30)), "keepConstant 10 copies for 30s" },
        { new RampingConstant(4, TimeSpan.FromSeconds(5)), "rampingConstant to 4 copies over 5s" },
        { new RampingInject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), "rampingInject to 20 per 1s over 3s" },
        { new Inject(2.5, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), ArrivalDistribution.Poisson), "inject 2.5 per 500ms for 4s, poisson" },
        { new Pause(TimeSpan.FromSeconds(2)), "pause 2s" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Of_WritesTheStepInTheScenarioFilesWords(LoadSimulation step, string expected) =>
        Assert.Equal(expected, LoadStepText.Of(step));
}
