using System.Net;
using System.Text;
using Harness.Clients.Redaction;

namespace Harness.Conformance.Tests;

/// <summary>What a capture says about a server's answer, as check evidence and JUnit failure messages show it.</summary>
public sealed class SseCaptureTests
{
    private const string Key = "sk-capture-clip-1f2e3d4c5b6a";

    static SseCaptureTests() => SecretRedactor.Add(Key);

    [Fact]
    public async Task DescribeProblem_LongErrorBodyWithTheEscapedKeyAcrossTheCut_ShowsNoPartOfIt()
    {
        // The failure message is cut to 160 characters, inside the JSON-escaped key the server echoed.
        string echo = @"\u0073\u006B\u002dcapture-clip-1f2e3d4c5b6a";
        string body = "{\"error\":\"" + new string('x', 120) + echo + new string('y', 500) + "\"}";
        using var http = new HttpClient(new Answer(HttpStatusCode.Unauthorized, body));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://conformance.invalid/v1/chat/completions");
        var capture = await SseCapture.RecordAsync(http, request, CancellationToken.None);

        string message = capture.DescribeProblem();
        Assert.StartsWith("HTTP 401 instead of a stream: ", message, StringComparison.Ordinal);
        Assert.Contains("[redacted]", message, StringComparison.Ordinal);
        Assert.DoesNotContain("capture-clip", message, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\u0073", message, StringComparison.Ordinal);
        Assert.DoesNotContain("capture-clip", capture.ErrorBody, StringComparison.Ordinal);
    }

    private sealed class Answer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
