namespace Harness.Fakes.Tests;

public sealed class FaultShareTests
{
    [Fact]
    public void Share_AppliesToThatShareOfRequests_TheSameOnEveryRun()
    {
        var half = FaultSpec.Parse("status=429,share=0.5");
        int hits = Enumerable.Range(0, 10_000).Count(i => half.AppliesTo(i));
        Assert.InRange(hits, 4_800, 5_200);
        Assert.Equal(hits, Enumerable.Range(0, 10_000).Count(i => FaultSpec.Parse("status=429,share=0.5").AppliesTo(i)));

        var reseeded = FaultSpec.Parse("status=429,share=0.5,seed=7");
        Assert.NotEqual(
            Enumerable.Range(0, 64).Select(i => half.AppliesTo(i)),
            Enumerable.Range(0, 64).Select(i => reseeded.AppliesTo(i)));
        Assert.DoesNotContain(Enumerable.Range(0, 1000), i => FaultSpec.Parse("status=500,share=0").AppliesTo(i));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.True(FaultSpec.Parse("status=500").AppliesTo(i)));
    }

    [Theory]
    [InlineData("share=2")]
    [InlineData("share=x")]
    [InlineData("share=0.5@3")]
    public void Share_OutOfRange_IsAFormatError(string text) =>
        Assert.Throws<FormatException>(() => FaultSpec.Parse(text));
}
