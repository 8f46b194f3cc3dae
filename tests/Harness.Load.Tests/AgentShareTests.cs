using Harness.Load.Simulations;

namespace Harness.Load.Tests;

/// <summary><c>--agent auto</c>: the share of one pod of a Kubernetes Indexed Job, from its environment.</summary>
public sealed class AgentShareTests
{
    private static Func<string, string?> Env(string? index, string? count) => name => name switch
    {
        AgentShare.IndexVariable => index,
        AgentShare.CountVariable => count,
        _ => null,
    };

    [Theory]
    [InlineData("0", "1", 1, 1)]
    [InlineData("0", "4", 1, 4)]
    [InlineData("3", "4", 4, 4)]
    public void FromEnvironment_TakesTheZeroBasedCompletionIndex(string index, string count, int expectedIndex, int expectedCount)
    {
        Assert.Equal(new AgentShare(expectedIndex, expectedCount), AgentShare.FromEnvironment(Env(index, count)));
    }

    [Theory]
    [InlineData(null, "4", "JOB_COMPLETION_INDEX is not set")]
    [InlineData("0", null, "HARNESS_AGENT_COUNT is not set")]
    [InlineData("4", "4", "JOB_COMPLETION_INDEX=4")]
    [InlineData("-1", "4", "JOB_COMPLETION_INDEX=-1")]
    [InlineData("0", "0", "HARNESS_AGENT_COUNT=0")]
    [InlineData("one", "4", "JOB_COMPLETION_INDEX=one")]
    public void FromEnvironment_RefusesWhatIsNotAShare_NamingTheVariable(string? index, string? count, string expected)
    {
        var ex = Assert.Throws<LoadProfileException>(() => AgentShare.FromEnvironment(Env(index, count)));

        Assert.Equal(LoadProfileError.InvalidAgent, ex.Error);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
