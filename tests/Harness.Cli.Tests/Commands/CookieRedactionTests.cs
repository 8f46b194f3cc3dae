using System.Text;
using Harness.Clients.Redaction;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// A session cookie given with <c>--header</c> (a gateway's or SSO's, the usual way to reach a relay
/// behind one) is a credential like the API key: when the server echoes it (the hostile
/// <see cref="KeyEchoingServer"/>, echoing the cookie's value in a header, the Content-Type, error
/// bodies, the answer split across deltas, usage, a WebSocket close), no byte of stdout, stderr or
/// the recording holds it. The same runs without redaction do, so the check can fail.
/// </summary>
public sealed class CookieRedactionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-cookie-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Each case its own secret: the redactor is process-wide, so one case's secret must not redact another's.
    [Theory]
    [InlineData("Cookie", "session={0}; theme=dark", "ck-session-7a6b5c4d3e2f1a0b9c8d")]
    [InlineData("Cookie", "{0}", "ck-whole-6b5c4d3e2f1a0b9c8d7e")]
    [InlineData("Set-Cookie", "session={0}; Path=/; HttpOnly", "ck-set-5c4d3e2f1a0b9c8d7e6f")]
    [InlineData("Proxy-Authorization", "{0}", "pa-4d3e2f1a0b9c8d7e6f5a")]
    public async Task AnEchoedCredentialHeader_ReachesNoOutputOrRecording(string name, string valueFormat, string secret)
    {
        await using var echo = await KeyEchoingServer.StartAsync(secret);
        string header = $"{name}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, valueFormat, secret)}";
        string everything = await RunAsync(echo, header, secret) + ReadEverything(secret);
        Assert.True(echo.SseRequests + echo.Turns >= 7, $"the server answered {echo.SseRequests} SSE requests and {echo.Turns} turns");
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[^16..], everything, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Replacement, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutRedaction_TheSameCheckFindsTheCookie()
    {
        const string secret = "ck-unredacted-3e2f1a0b9c8d7e6f5a4b";
        await using var echo = await KeyEchoingServer.StartAsync(secret);
        string outputs;
        using (SecretRedactor.SuspendInThisFlow())
        {
            outputs = await RunAsync(echo, $"Cookie: session={secret}", secret);
        }

        Assert.Contains(secret[^16..], outputs + ReadEverything(secret), StringComparison.Ordinal);
    }

    /// <summary>Every SSE answer (ok, mid-stream error, 401, HTML) and WebSocket turn ending, recorded; their stdout and stderr.</summary>
    private async Task<string> RunAsync(KeyEchoingServer echo, string header, string run)
    {
        var all = new StringBuilder();
        string dir = Directory.CreateDirectory(Path.Combine(_dir, run)).FullName;
        for (int i = 0; i < 7; i++)
        {
            string[] target = i < 4 ? ["--url", echo.HttpBaseUrl.ToString()] : ["--ws-url", echo.WebSocketUrl.ToString()];
            string[] args = ["stream", .. target, "--model", "m", "--header", header, "--no-warmup", "--retries", "0", "--record", Path.Combine(dir, $"{i}.jsonl"), .. i % 2 == 0 ? new[] { "--json" } : []];
            var (code, output, error) = await CliRunner.RunAsync(args);
            all.Append(" -> exit ").Append(code).Append('\n').Append(output).Append('\n').Append(error).Append('\n');
        }

        return all.ToString();
    }

    /// <summary>The recordings of <paramref name="run"/>, their base64 chunks decoded and the events' fields joined across them.</summary>
    private string ReadEverything(string run)
    {
        var text = new StringBuilder();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(_dir, run), "*.jsonl"))
        {
            string content = File.ReadAllText(path);
            text.Append(content).Append('\n');
            text.Append(RecordingContents.Everything(content, eventStream: content.StartsWith("{\"content_type\":\"text/event-stream", StringComparison.Ordinal))).Append('\n');
        }

        return text.ToString();
    }
}
