using Harness.Clients;

namespace Harness.Clients.Tests;

/// <summary>The CLI's shared-pool size: 2,048 arrays of a size per CPU unless the user set the runtime's variable themselves.</summary>
public class BufferPoolRuntimeTests
{
    [Fact]
    public void Unset_variable_is_set_to_the_larger_pool()
    {
        var value = ProcessVariable.After(BufferPoolRuntime.ArraysPerPartitionVariable, null, BufferPoolRuntime.PreferLargerPool);

        Assert.Equal("2048", value);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("100000")]
    public void A_value_the_user_chose_is_kept(string chosen)
    {
        var value = ProcessVariable.After(BufferPoolRuntime.ArraysPerPartitionVariable, chosen, BufferPoolRuntime.PreferLargerPool);

        Assert.Equal(chosen, value);
    }
}
