using System.Net;
using System.Text;
using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Fakes;
using Xunit;

namespace Harness.TestSupport;

/// <summary>
/// One fake server shared by the tests of a class: a fast schedule (<see cref="FastSchedule"/>),
/// TLS listeners too, warmed up (JIT, first connection) so timing tests measure the fake, not
/// start-up. Reach it raw (<see cref="Http"/>, <see cref="ChatRequest"/>) or through the
/// harness's own clients (<see cref="Client"/>, <see cref="WithFault"/>).
/// </summary>
public sealed class FakeServerFixture : IAsyncLifetime
{
    /// <summary>The server's default schedule: 5 tokens, the first after 5 ms, then 1 ms apart.</summary>
    public static readonly TokenSchedule FastSchedule = TokenSchedule.Default with
    {
        FirstTokenDelay = TimeSpan.FromMilliseconds(5),
        InterTokenInterval = TimeSpan.FromMilliseconds(1),
        TokenCount = 5,
    };

    /// <summary>The model the harness's clients ask for by default: 10 tokens, 2 ms apart.</summary>
    public const string ClientModel = "fake/ttft=5,itl=2,tokens=10";

    /// <summary>The running fake.</summary>
    public FakeServer Server { get; private set; } = null!;

    /// <summary>A plain HTTP/1.1 client based at the fake's http URL.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = FastSchedule, Tls = true });
        Http = new HttpClient { BaseAddress = Server.HttpBaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        using var warm = await Http.SendAsync(ChatRequest());
        await warm.Content.ReadAsByteArrayAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>The fake's endpoint for <paramref name="transport"/>.</summary>
    public Uri EndpointFor(Transport transport) => transport switch
    {
        Transport.Sse => Server.HttpBaseUrl,
        Transport.SseHttp2 => Server.Http2BaseUrl,
        _ => Server.WebSocketUrl,
    };

    /// <summary>A harness client for <paramref name="transport"/> against the fake; 5 s phase timeouts, no retries.</summary>
    public IChatStreamClient Client(Transport transport, ClientTimeouts? timeouts = null, RetryOptions? retry = null, SseDialect dialect = SseDialect.ChatCompletions, StreamRecorder? recorder = null, bool direct = false) =>
        ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = EndpointFor(transport),
            Timeouts = timeouts ?? new ClientTimeouts { Connect = TimeSpan.FromSeconds(5), FirstToken = TimeSpan.FromSeconds(5), Idle = TimeSpan.FromSeconds(5), Total = TimeSpan.FromSeconds(20) },
            Retry = retry ?? RetryOptions.None,
            SseDialect = dialect,
            Recorder = recorder,
            DirectConnection = direct,
        });

    /// <summary>A request carrying a fault: the header for SSE, the chat.start field for WebSocket.</summary>
    public static Harness.Clients.ChatRequest WithFault(Transport transport, string? fault, string model = ClientModel)
    {
        var request = Harness.Clients.ChatRequest.FromPrompt(model, "hello");
        if (fault is null)
        {
            return request;
        }

        return transport == Transport.WebSocket
            ? request with { ExtraBodyFields = new Dictionary<string, string> { ["fault"] = fault } }
            : request with { Headers = new Dictionary<string, string> { ["x-fake-fault"] = fault } };
    }

    /// <summary>A raw chat request (chat completions or, by <paramref name="path"/>, Responses).</summary>
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

    /// <summary>Sends, asserts 200, and returns the body as text.</summary>
    public async Task<string> StreamTextAsync(HttpRequestMessage request)
    {
        var (response, body) = await SendRawAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString(body);
    }
}
