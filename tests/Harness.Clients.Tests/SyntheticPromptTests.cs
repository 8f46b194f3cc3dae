namespace Harness.Clients.Tests;

public sealed class SyntheticPromptTests
{
    [Theory]
    [InlineData("o200k_base", 1)]
    [InlineData("o200k_base", 37)]
    [InlineData("o200k_base", 2000)]
    [InlineData("cl100k_base", 513)]
    public void Build_HasExactlyTheAskedTokens(string tokenizer, int tokens)
    {
        var counter = TokenCounter.Create(tokenizer)!;
        Assert.Equal(tokens, counter.Count(SyntheticPrompt.Build(tokens, counter)));
    }

    [Fact]
    public void Tokenizers_AreReal_NotACharacterEstimate()
    {
        var counter = TokenCounter.Create("o200k_base")!;
        Assert.Equal(2, counter.Count("Hello world"));
        // 100 repeats of one common word: 100 tokens, where a 4-characters-per-token estimate says 150.
        Assert.Equal(100, counter.Count(string.Concat(Enumerable.Repeat(" token", 100))));
        Assert.Null(TokenCounter.Create("none"));
    }
}
