using System.Net.Sockets;
using System.Text;
using Harness.Conformance;

namespace Harness.Conformance.Tests;

/// <summary>
/// A server that answers with a redirect fails the check that asked, named with where it points,
/// and the request goes nowhere else: followed, it would carry its body and every credential
/// header but Authorization to that other server, and the checks would judge it instead.
/// </summary>
public sealed class RedirectTests
{
    [Theory]
    [InlineData("sse.status", "302 Found")]
    [InlineData("sse.status", "307 Temporary Redirect")]
    [InlineData("ws.upgrade", "302 Found")]
    [InlineData("ws.upgrade", "307 Temporary Redirect")]
    public async Task A_redirect_fails_the_check_names_where_it_points_and_sends_nothing_there(string check, string status)
    {
        int landed = 0;
        using var landing = new LoopbackTcpServer((socket, _) =>
        {
            Interlocked.Increment(ref landed);
            socket.Dispose();
            return Task.CompletedTask;
        });
        string where = $"http://127.0.0.1:{landing.Port}/landing";
        using var redirecting = new ScriptedServer(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nLocation: {where}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        var target = new ConformanceTarget
        {
            ChatCompletionsUrl = new Uri(redirecting.BaseUrl, "v1/chat/completions"),
            WebSocketUrl = new Uri($"ws://127.0.0.1:{redirecting.Port}/v1/ws/chat"),
            ApiKey = "sk-redirect-test",
            Headers = new Dictionary<string, string> { ["api-key"] = "sk-redirect-test" },
            Timeout = TimeSpan.FromSeconds(5),
        };

        var result = await Targets.RunOneAsync(target, check);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains($"{status[..3]}", result.Evidence, StringComparison.Ordinal);
        Assert.Contains($"it points to {where} (redirects are not followed)", result.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("; ;", result.Evidence, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref landed));
    }
}
