using Harness.Core.Schedule;
using Harness.Fakes;

namespace Harness.Clients.Tests;

/// <summary>One fake server shared by the tests of a class (short, fast schedule by default).</summary>
public sealed class FakeServerFixture : IAsyncLifetime
{
    public FakeServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=5,itl=2,tokens=10") });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public Uri EndpointFor(Transport transport) => transport switch
    {
        Transport.Sse => Server.HttpBaseUrl,
        Transport.SseHttp2 => Server.Http2BaseUrl,
        _ => Server.WebSocketUrl,
    };

    public IChatStreamClient Client(Transport transport, ClientTimeouts? timeouts = null, RetryOptions? retry = null, SseDialect dialect = SseDialect.ChatCompletions, StreamRecorder? recorder = null) =>
        ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = EndpointFor(transport),
            Timeouts = timeouts ?? new ClientTimeouts { Connect = TimeSpan.FromSeconds(5), FirstToken = TimeSpan.FromSeconds(5), Idle = TimeSpan.FromSeconds(5), Total = TimeSpan.FromSeconds(20) },
            Retry = retry ?? RetryOptions.None,
            SseDialect = dialect,
            Recorder = recorder,
        });

    /// <summary>A request carrying a fault: the header for SSE, the chat.start field for WebSocket.</summary>
    public static ChatRequest WithFault(Transport transport, string? fault, string model = "fake/ttft=5,itl=2,tokens=10")
    {
        var request = ChatRequest.FromPrompt(model, "hello");
        if (fault is null)
        {
            return request;
        }

        return transport == Transport.WebSocket
            ? request with { ExtraBodyFields = new Dictionary<string, string> { ["fault"] = fault } }
            : request with { Headers = new Dictionary<string, string> { ["x-fake-fault"] = fault } };
    }
}
