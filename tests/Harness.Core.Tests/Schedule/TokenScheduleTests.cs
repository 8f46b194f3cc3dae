using System.Text;
using Harness.Core.Schedule;

namespace Harness.Core.Tests.Schedule;

public sealed class TokenScheduleTests
{
    [Fact]
    public void SameRequestIndexGivesSameTextsAndOffsets_DifferentIndexDiffers()
    {
        var s = TokenSchedule.Parse("ttft=120,itl=20,tokens=200,dist=normal,sd=5,lang=mixed,seed=7");
        Assert.Equal(s.TokenTexts(3), s.TokenTexts(3));
        Assert.Equal(s.TokenOffsets(3), s.TokenOffsets(3));
        Assert.NotEqual(s.TokenTexts(3), s.TokenTexts(4));
        Assert.NotEqual(s.TokenOffsets(3), s.TokenOffsets(4));
        Assert.NotEqual(s.TokenTexts(3), (s with { Seed = 8 }).TokenTexts(3));
    }

    [Fact]
    public void FixedScheduleHasExactOffsets()
    {
        var offsets = TokenSchedule.Parse("ttft=120,itl=20,tokens=4").TokenOffsets(0);
        Assert.Equal([120, 140, 160, 180], offsets.Select(o => o.TotalMilliseconds));
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("uniform")]
    [InlineData("lognormal")]
    public void DistributionsHaveRoughlyTheRequestedMean(string dist)
    {
        var s = TokenSchedule.Parse($"ttft=0,itl=20,sd=5,dist={dist},tokens=20001");
        var offsets = s.TokenOffsets(1);
        var meanGap = offsets[^1].TotalMilliseconds / (offsets.Count - 1);
        Assert.InRange(meanGap, 19.0, 21.0);
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.True(gaps.Distinct().Count() > 100, "gaps should vary");
        Assert.All(gaps, g => Assert.True(g >= 0));
    }

    [Fact]
    public void ChunksGroupTokensAndAreDueAtTheirLastToken()
    {
        var s = TokenSchedule.Parse("ttft=10,itl=10,tokens=5,chunk=2");
        var chunks = s.Chunks(0);
        Assert.Equal(3, chunks.Count);
        Assert.Equal([2, 2, 1], chunks.Select(c => c.TokenCount));
        Assert.Equal([20, 40, 50], chunks.Select(c => c.Offset.TotalMilliseconds));
        Assert.Equal(s.FullText(0), string.Concat(chunks.Select(c => c.Text)));
    }

    [Theory]
    [InlineData("thai", 0x0E00, 0x0E7F)]
    [InlineData("emoji", 0x1F000, 0x1FAFF)]
    public void TextKindsProduceTheirScript(string lang, int low, int high)
    {
        var text = TokenSchedule.Parse($"lang={lang},tokens=50").FullText(0);
        Assert.Contains(text.EnumerateRunes(), r => r.Value >= low && r.Value <= high);
        Assert.True(Encoding.UTF8.GetByteCount(text) > text.Length, "non-ASCII text expected");
    }

    [Fact]
    public void CompactAndJsonFormsRoundTrip()
    {
        var s = TokenSchedule.Parse("ttft=1.5s,itl=20ms,sd=3,jitter=1,dist=lognormal,tokens=9,chunk=2,lang=emoji,seed=42");
        Assert.Equal(1500, s.FirstTokenDelay.TotalMilliseconds);
        Assert.Equal(s, TokenSchedule.Parse(s.ToCompactString()));
        var json = s.ToJson();
        Assert.Contains("\"dist\":\"lognormal\"", json);
        Assert.Equal(s, TokenSchedule.FromJson(json));
        Assert.Equal(120, TokenSchedule.FromJson("{\"ttft_ms\":120}").FirstTokenDelay.TotalMilliseconds);
    }

    /// <summary>A schedule file says what is wrong in its keys; an unknown key is refused (it used to be ignored and the default served).</summary>
    [Theory]
    [InlineData("[]", "schedule JSON: it is not a JSON object (line 1)")]
    [InlineData("{\"ttft_ms\":\"abc\"}", "schedule JSON: $.ttft_ms is not a number (line 1)")]
    [InlineData("{\"ttft_mss\":5}", "schedule JSON: unknown key \"ttft_mss\" (line 1) (did you mean \"ttft_ms\"?); known: dist, tokens, chunk, lang, seed, ttft_ms, itl_ms, sd_ms, jitter_ms")]
    [InlineData("", "schedule JSON: it holds no JSON (empty or only whitespace)")]
    [InlineData("{\"ttft_ms\":", "schedule JSON: it ends inside an object or array: cut short?")]
    public void BadJsonFormsFailWithAClearMessage(string json, string said)
    {
        var ex = Assert.Throws<FormatException>(() => TokenSchedule.FromJson(json));
        Assert.Equal(said, ex.Message);
    }

    [Theory]
    [InlineData("tokens=99999999999", "schedule key 'tokens': 99999999999 is out of range (1 to 10000000)")]
    [InlineData("chunk=-99999999999", "schedule key 'chunk': -99999999999 is out of range (1 to 2147483647)")]
    [InlineData("tokens=lots", "schedule key 'tokens': 'lots' is not an integer")]
    public void AWholeNumberOutOfRangeSaysTheRange(string text, string said) =>
        Assert.Equal(said, Assert.Throws<FormatException>(() => TokenSchedule.Parse(text)).Message);

    [Theory]
    [InlineData("bogus=1", "unknown schedule key 'bogus'")]
    [InlineData("ttft=abc", "'ttft'")]
    [InlineData("ttft=-5", "'ttft'")]
    [InlineData("dist=gauss", "one of fixed, uniform, normal, lognormal")]
    [InlineData("tokens=0", "tokens must be")]
    [InlineData("ttft", "not key=value")]
    public void BadCompactFormsFailWithAClearMessage(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => TokenSchedule.Parse(text));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ParseKeepsDefaultsForKeysNotGiven()
    {
        var baseline = TokenSchedule.Parse("ttft=300,tokens=7");
        var s = TokenSchedule.Parse("itl=5", baseline);
        Assert.Equal(300, s.FirstTokenDelay.TotalMilliseconds);
        Assert.Equal(7, s.TokenCount);
        Assert.Equal(5, s.InterTokenInterval.TotalMilliseconds);
    }
}
