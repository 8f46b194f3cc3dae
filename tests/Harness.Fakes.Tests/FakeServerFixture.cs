using System.Net;
using System.Text;
using Harness.Core.Schedule;

namespace Harness.Fakes.Tests;

/// <summary>One fake server shared by a test class: fast default schedule (5 tokens, 1 ms apart).</summary>
public sealed class FakeServerFixture : IAsyncLifetime
{
    public static readonly TokenSchedule FastSchedule = TokenSchedule.Default with
    {
        FirstTokenDelay = TimeSpan.FromMilliseconds(5),
        InterTokenInterval = TimeSpan.FromMilliseconds(1),
        TokenCount = 5,
    };

    public FakeServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = FastSchedule, Tls = true });
        Http = new HttpClient { BaseAddress = Server.HttpBaseUrl, Timeout = TimeSpan.FromSeconds(20) };

        // Warm up (JIT, first connection) so timing tests measure the fake, not start-up.
        using var warm = await Http.SendAsync(ChatRequest());
        await warm.Content.ReadAsByteArrayAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public static HttpRequestMessage ChatRequest(string model = "fake", bool stream = true, string? fault = null, string? profile = null, bool includeUsage = false, string path = "/v1/chat/completions")
    {
        var usage = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : string.Empty;
        var body = path.EndsWith("responses", StringComparison.Ordinal)
            ? $"{{\"model\":\"{model}\",\"stream\":{(stream ? "true" : "false")},\"input\":\"hello there\"}}"
            : $"{{\"model\":\"{model}\",\"stream\":{(stream ? "true" : "false")}{usage},\"messages\":[{{\"role\":\"user\",\"content\":\"hello there\"}}]}}";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (fault is not null)
        {
            request.Headers.Add("x-fake-fault", fault);
        }

        if (profile is not null)
        {
            request.Headers.Add("x-fake-profile", profile);
        }

        return request;
    }

    /// <summary>Sends and returns the status, headers and exact body bytes.</summary>
    public async Task<(HttpResponseMessage Response, byte[] Body)> SendRawAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return (response, body);
    }

    public async Task<string> StreamTextAsync(HttpRequestMessage request)
    {
        var (response, body) = await SendRawAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString(body);
    }
}
