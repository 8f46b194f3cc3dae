using Harness.Clients;
using Harness.Core;
using Harness.Core.OpenAI;
using Harness.Fakes;
using Harness.Load.Scheduling;

namespace Harness.Cli.Commands;

/// <summary>
/// Runs the client's paths before the measured request, so it does not pay this process's
/// first-use costs (JIT of the HTTP, socket and parsing paths: hundreds of milliseconds that no
/// server caused): short streams over the same transport and dialect against an embedded (itself
/// warmed) fake, enough of them for the client's hot methods to reach tier 1 (30 calls).
/// </summary>
internal static class StreamWarmUp
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

    public static async Task RunAsync(Transport transport, SseDialect dialect, CancellationToken ct)
    {
        await StreamAgainstFakeAsync(transport, dialect, ct);
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

        // After the fake is gone: stopping it compiles and runs Kestrel's shutdown paths too.
        await JitQuiet.WaitAsync(ct);
    }

    private static async Task StreamAgainstFakeAsync(Transport transport, SseDialect dialect, CancellationToken ct)
    {
        await using var fake = await FakeServer.StartAsync(new FakeServerOptions { WarmUp = true }, ct);
        var endpoint = transport switch
        {
            Transport.Sse => fake.HttpBaseUrl,
            Transport.SseHttp2 => fake.Http2BaseUrl,
            _ => fake.WebSocketUrl,
        };

        // The measured request runs beside a read-lag probe; warm it too, then drop its samples.
        await using (var lag = await ReadLagMonitor.StartAsync(TimeSpan.FromMilliseconds(1)))
        await using (var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoint, SseDialect = dialect, Retry = RetryOptions.None }))
        {
            for (var i = 0; i < Rounds; i++)
            {
                await client.StreamAsync(ChatRequest.FromPrompt(Schedule, "warm up"), 0, null, ct);
            }

            await lag.StopAsync();
        }
    }
}
