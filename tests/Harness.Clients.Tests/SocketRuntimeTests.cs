using Harness.Clients;

namespace Harness.Clients.Tests;

/// <summary>The CLI's socket setting: on unless the user set the runtime's variable themselves.</summary>
public class SocketRuntimeTests
{
    private static readonly Lock s_environment = new();

    [Fact]
    public void Unset_variable_is_turned_on()
    {
        var value = WithVariable(null, SocketRuntime.PreferInlineCompletions);

        Assert.Equal("1", value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void A_value_the_user_chose_is_kept(string chosen)
    {
        var value = WithVariable(chosen, SocketRuntime.PreferInlineCompletions);

        Assert.Equal(chosen, value);
    }

    private static string? WithVariable(string? initial, Action act)
    {
        lock (s_environment)
        {
            var saved = Environment.GetEnvironmentVariable(SocketRuntime.InlineCompletionsVariable);
            try
            {
                Environment.SetEnvironmentVariable(SocketRuntime.InlineCompletionsVariable, initial);
                act();
                return Environment.GetEnvironmentVariable(SocketRuntime.InlineCompletionsVariable);
            }
            finally
            {
                Environment.SetEnvironmentVariable(SocketRuntime.InlineCompletionsVariable, saved);
            }
        }
    }
}
