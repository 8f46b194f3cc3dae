using Harness.Clients;

namespace Harness.Clients.Tests;

/// <summary>The CLI's socket setting: on unless the user set the runtime's variable themselves.</summary>
public class SocketRuntimeTests
{
    [Fact]
    public void Unset_variable_is_turned_on()
    {
        var value = ProcessVariable.After(SocketRuntime.InlineCompletionsVariable, null, SocketRuntime.PreferInlineCompletions);

        Assert.Equal("1", value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void A_value_the_user_chose_is_kept(string chosen)
    {
        var value = ProcessVariable.After(SocketRuntime.InlineCompletionsVariable, chosen, SocketRuntime.PreferInlineCompletions);

        Assert.Equal(chosen, value);
    }
}
