using Harness.Clients;
using Harness.Clients.Redaction;
using Harness.Core;
using Harness.Core.OpenAI;
using Harness.Fakes;
using Harness.Load.Scheduling;

namespace Harness.Cli.Commands;

/// <summary>
/// Runs the client's paths before the measured request, so it does not pay this process's
/// first-use costs (JIT of the HTTP, socket and parsing paths: hundreds of milliseconds that no
/// server caused): short streams over the same transport and dialect against an embedded (itself
/// warmed) fake, printed through the same (redacting) printer into nothing, enough of them for the
/// client's hot methods to reach tier 1 (30 calls); then, once the JIT is quiet, one more stream
/// right before the measured request (<see cref="RehearseAsync"/>).
/// </summary>
internal sealed class StreamWarmUp : IAsyncDisposable
{
    private const int Rounds = 40;

    /// <summary>
    /// Real waits, not zero delays: with every byte already sent, reads complete at once and the
    /// paths that resume a read after a wait (the ones the measured request takes) stay cold.
    /// </summary>
    private const string Schedule = "fake/ttft=1,itl=1,tokens=3";

    /// <summary>
    /// Chunks in layouts the fake does not send (no logprobs, other key orders, a usage-only chunk,
    /// an error): another server's chunks take the decoder's full JSON path, not the fast one.
    /// </summary>
    private static readonly byte[][] s_otherLayouts =
    [
        """{"id":"w","object":"chat.completion.chunk","created":1,"model":"w","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"""u8.ToArray(),
        """{"choices":[{"delta":{"content":"warm"},"index":0,"finish_reason":null}],"id":"w","model":"w","object":"chat.completion.chunk","created":1}"""u8.ToArray(),
        """{"id":"w","object":"chat.completion.chunk","created":1,"model":"w","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""u8.ToArray(),
        """{"id":"w","object":"chat.completion.chunk","created":1,"model":"w","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"""u8.ToArray(),
        """{"error":{"message":"warm","type":"server_error","param":null,"code":null}}"""u8.ToArray(),
    ];

    private readonly FakeServer _fake;
    private readonly IChatStreamClient _client;

    private StreamWarmUp(FakeServer fake, IChatStreamClient client)
    {
        _fake = fake;
        _client = client;
    }

    /// <summary>Warms the client and waits for the JIT to go quiet; the fake stays up for <see cref="RehearseAsync"/> until disposed.</summary>
    /// <param name="transport">The measured request's transport.</param>
    /// <param name="dialect">Its SSE dialect.</param>
    /// <param name="outputTokenCounter">Its token counter, so the counting path is warm too.</param>
    /// <param name="ct">Cancels the warm-up.</param>
    public static async Task<StreamWarmUp> RunAsync(Transport transport, SseDialect dialect, TokenCounter? outputTokenCounter, CancellationToken ct)
    {
        var fake = await FakeServer.StartAsync(new FakeServerOptions { WarmUp = true }, ct);
        IChatStreamClient? client = null;
        try
        {
            var endpoint = transport switch
            {
                Transport.Sse => fake.HttpBaseUrl,
                Transport.SseHttp2 => fake.Http2BaseUrl,
                _ => fake.WebSocketUrl,
            };
            client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoint, SseDialect = dialect, Retry = RetryOptions.None, DirectConnection = true, OutputTokenCounter = outputTokenCounter });
            await WarmAsync(client, ct);
            return new StreamWarmUp(fake, client);
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One more stream, immediately before the measured request. After the quiet wait the client's
    /// code and data have left the CPU's caches (on this VM its first request then ran 5-10 times
    /// slower than the warm-up's, about 1 ms of TTFT); an outside client measured right after its own
    /// warm-up has no such gap.
    /// </summary>
    public Task RehearseAsync(CancellationToken ct) => _client.StreamAsync(ChatRequest.FromPrompt(Schedule, "warm up"), 0, null, ct);

    /// <summary>Stops the fake: after the measured request, so its shutdown paths compile outside it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private static async Task WarmAsync(IChatStreamClient client, CancellationToken ct)
    {
        // The measured request runs beside a read-lag probe; warm it too, then drop its samples.
        await using (var lag = await ReadLagMonitor.StartAsync(TimeSpan.FromMilliseconds(1)))
        using (var nowhere = new RedactingTextWriter(TextWriter.Null))
        {
            for (var i = 0; i < Rounds; i++)
            {
                await client.StreamAsync(ChatRequest.FromPrompt(Schedule, "warm up"), 0, new AnswerPrinter(nowhere), ct);
            }

            await lag.StopAsync();
        }

        using (var decoder = new ChatChunkDecoder())
        {
            for (var i = 0; i < Rounds; i++)
            {
                foreach (var chunk in s_otherLayouts)
                {
                    decoder.Decode(chunk);
                }
            }
        }

        await JitQuiet.WaitAsync(ct);
    }
}
