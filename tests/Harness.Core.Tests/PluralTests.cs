using Harness.Core;

namespace Harness.Core.Tests;

public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "0 steps")]
    [InlineData(1, "1 step")]
    [InlineData(2, "2 steps")]
    public void One_is_singular(long count, string said) => Assert.Equal(said, Plural.Of(count, "step"));
}
