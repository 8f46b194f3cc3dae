using Harness.Conformance;

namespace Harness.Conformance.Tests;

/// <summary>The whole suite against the fake: all pass when it behaves; exactly the matching checks fail when one rule is broken.</summary>
public sealed class ExactFailureTests
{
    public static TheoryData<string, string[]> Faults => new()
    {
        { "no-done", ["sse.done"] },
        { "buffer-all", ["sse.incremental"] },
        { "malformed@3", ["sse.chunks-valid"] },
    };

    [Fact]
    public async Task WellBehavedFake_PassesEveryCheck()
    {
        await using var fake = await Targets.StartFakeAsync();
        var report = await ConformanceRunner.RunAsync(Targets.For(fake));
        Assert.True(report.Count(CheckStatus.Pass) == ConformanceRunner.AllChecks.Count, report.ToTable());
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task BrokenFake_FailsExactlyTheMatchingChecks(string fault, string[] expectedFailures)
    {
        await using var fake = await Targets.StartFakeAsync(fault);
        var report = await ConformanceRunner.RunAsync(Targets.For(fake));
        Assert.True(expectedFailures.SequenceEqual(report.FailedIds), $"--fault {fault}:\n{report.ToTable()}");
        Assert.True(report.Count(CheckStatus.Skip) == 0, report.ToTable());
    }

    [Theory]
    [InlineData("html", "Content-Type text/html, not text/event-stream", CheckStatus.Fail)]
    [InlineData("gzip", "Content-Encoding gzip", CheckStatus.Pass)]
    public async Task BodyThatIsNoEventStream_IsDiagnosedFromItsHeaders(string fault, string diagnosis, CheckStatus status)
    {
        await using var fake = await Targets.StartFakeAsync(fault);
        var report = await ConformanceRunner.RunAsync(Targets.For(fake), [Targets.Check("sse.status"), Targets.Check("sse.done"), Targets.Check("sse.chunks-valid")]);
        Assert.True(report.Results[0].Status == status, report.ToTable());
        foreach (var failed in report.Results.Skip(1))
        {
            // Said, not left to a guess from "no [DONE]" or "no data events".
            Assert.True(failed.Status == CheckStatus.Fail, report.ToTable());
            Assert.Contains(diagnosis, failed.Evidence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Report_WritesJsonAndMarkdown_WithoutTheApiKey()
    {
        await using var fake = await Targets.StartFakeAsync("no-done");
        var report = await ConformanceRunner.RunAsync(Targets.For(fake), [Targets.Check("sse.done"), Targets.Check("sse.bad-key")]);
        var json = report.ToJson();
        var markdown = report.ToMarkdown();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal("fail", doc.RootElement.GetProperty("checks")[0].GetProperty("status").GetString());
        Assert.Contains("| `sse.done` | **fail** |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(Targets.ApiKey, json + markdown + report.ToTable(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/", "http://127.0.0.1:9/v1/chat/completions")]
    [InlineData("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1/chat/completions")]
    [InlineData("https://api.example.com/v1/chat/completions", "https://api.example.com/v1/chat/completions")]
    public void ChatCompletionsUrl_AcceptsBaseOrFullUrl(string given, string expected) =>
        Assert.Equal(expected, ConformanceTarget.ResolveChatCompletionsUrl(given).ToString());
}
