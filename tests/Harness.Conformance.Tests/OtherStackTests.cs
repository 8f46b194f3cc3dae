using Harness.Conformance;
using Harness.Conformance.Checks;

namespace Harness.Conformance.Tests;

/// <summary>The checks against endpoints built on other servers' stacks (aiohttp, python websockets), so they are not tuned to the fake's framing.</summary>
public sealed class OtherStackTests
{
    [PeerFact]
    public async Task AiohttpSseEndpoint_PassesEverySseCheck()
    {
        using var peer = await PeerProcess.StartAsync("sse_aiohttp.py", "aiohttp", "--port", "0", "--api-key", Targets.ApiKey);
        var target = new ConformanceTarget
        {
            ChatCompletionsUrl = new Uri($"http://127.0.0.1:{peer.Port}/v1/chat/completions"),
            Model = "peer",
            ApiKey = Targets.ApiKey,
            RateLimitHeader = new("x-peer-status", "429"),
            Timeout = TimeSpan.FromSeconds(15),
        };
        var report = await ConformanceRunner.RunAsync(target, SseChecks.All);
        Assert.True(report.Count(CheckStatus.Pass) == SseChecks.All.Count, report.ToTable());

        // It sends ': ping' comments: sse.lines must have seen and tolerated them.
        Assert.Contains("comments", report.Results.Single(r => r.Id == "sse.lines").Evidence, StringComparison.Ordinal);
    }

    [PeerFact]
    public async Task AiohttpSseEndpoint_BadKeyCheckFails_WhenTheEndpointAcceptsAnyKey()
    {
        using var peer = await PeerProcess.StartAsync("sse_aiohttp.py", "aiohttp", "--port", "0");
        var target = new ConformanceTarget
        {
            ChatCompletionsUrl = new Uri($"http://127.0.0.1:{peer.Port}/v1/chat/completions"),
            ApiKey = Targets.ApiKey,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var result = (await ConformanceRunner.RunAsync(target, [Targets.Check("sse.bad-key")])).Results.Single();
        Assert.True(result.Status == CheckStatus.Fail, result.Evidence);
    }

    [PeerFact]
    public async Task WebsocketsEndpoint_PassesEveryWebSocketCheck()
    {
        using var peer = await PeerProcess.StartAsync("ws_websockets.py", "websockets", "--port", "0", "--api-key", Targets.ApiKey);
        var target = new ConformanceTarget
        {
            ChatCompletionsUrl = new Uri("http://127.0.0.1:9/unused"),
            WebSocketUrl = new Uri($"ws://127.0.0.1:{peer.Port}/v1/ws/chat"),
            ApiKey = Targets.ApiKey,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var report = await ConformanceRunner.RunAsync(target, WebSocketChecks.All);
        Assert.True(report.Count(CheckStatus.Pass) == WebSocketChecks.All.Count, report.ToTable());
    }

    [PeerFact]
    public async Task WebsocketsEndpoint_UpgradeFails_WithoutTheKeyItRequires()
    {
        using var peer = await PeerProcess.StartAsync("ws_websockets.py", "websockets", "--port", "0", "--api-key", Targets.ApiKey);
        var target = new ConformanceTarget
        {
            ChatCompletionsUrl = new Uri("http://127.0.0.1:9/unused"),
            WebSocketUrl = new Uri($"ws://127.0.0.1:{peer.Port}/v1/ws/chat"),
            Timeout = TimeSpan.FromSeconds(15),
        };
        var result = (await ConformanceRunner.RunAsync(target, [Targets.Check("ws.upgrade")])).Results.Single();
        Assert.True(result.Status == CheckStatus.Fail, result.Evidence);
        Assert.Contains("401", result.Evidence, StringComparison.Ordinal);
    }
}
