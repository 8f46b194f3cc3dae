using System.Text;
using Harness.Core.Schedule;

namespace Harness.Clients.Tests;

public sealed class TokenCounterTests
{
    [Theory]
    [InlineData(null, "o200k_base")]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4.1", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("openai/gpt-3.5-turbo", "cl100k_base")]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", "o200k_base")]
    [InlineData("fake/ttft=5", "o200k_base")]
    public void NameForModel_FollowsTiktokensMapping_ElseTheDefault(string? model, string expected) =>
        Assert.Equal(expected, TokenCounter.NameForModel(model));

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void Count_OfUtf8_EqualsCount_OfTheString(string name)
    {
        var counter = TokenCounter.Create(name)!;
        foreach (string text in new[] { string.Empty, "Hello, world!", " สวัสดีครับ ภาษาไทย", "👩‍💻🇹🇭 emoji", new string('x', 5000) })
        {
            Assert.Equal(counter.Count(text), counter.Count(Encoding.UTF8.GetBytes(text)));
        }
    }

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void FakeEnglishText_CountsAsTheTokensTheFakeReports(string name)
    {
        // The fake reports TokenCount as its usage; a report against it should find no difference.
        var counter = TokenCounter.Create(name)!;
        foreach (var (spec, requests) in new[] { ("tokens=50", 400), ("tokens=200,chunk=3,seed=7", 100) })
        {
            var schedule = TokenSchedule.Parse(spec);
            for (long r = 0; r < requests; r++)
            {
                Assert.Equal(schedule.TokenCount, counter.Count(schedule.FullText(r)));
            }
        }
    }

    [Fact]
    public void None_IsNoCounter_AndUnknownIsRefused()
    {
        Assert.Null(TokenCounter.Create(TokenCounter.NoneName));
        Assert.Throws<ArgumentException>(() => TokenCounter.Create("gpt2"));
    }
}
