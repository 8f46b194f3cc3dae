using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Harness.Clients.WebSockets;

namespace Harness.Benchmarks.WebSockets;

/// <summary>
/// WebSocket frame handling over in-memory streams with <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>:
/// receiving unmasked server text frames (whole and fragmented messages) and sending masked client
/// frames. The in-memory stream completes every read and write at once, so the
/// benchmarks take results synchronously instead of paying an async state machine per operation.
/// Figures are per message; the socket is made fresh per operation of
/// <see cref="Messages"/> messages.
/// </summary>
[BenchmarkCategory(Categories.WebSocket)]
[MemoryDiagnoser]
public class WebSocketFrameBenchmarks
{
    /// <summary>Messages per operation.</summary>
    public const int Messages = 1000;

    /// <summary>Frames per message in the fragmented case.</summary>
    public const int Fragments = 4;

    private ReplayDuplexStream _whole = null!;
    private ReplayDuplexStream _fragmented = null!;
    private byte[] _payload = [];
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];

    /// <summary>Payload bytes per message: a token-sized chunk, and a large one.</summary>
    [Params(256, 16384)]
    public int PayloadSize { get; set; }

    /// <summary>Builds the wire bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _whole = new ReplayDuplexStream(WebSocketFrames.ServerTextMessages(Messages, PayloadSize, 1));
        _fragmented = new ReplayDuplexStream(WebSocketFrames.ServerTextMessages(Messages, PayloadSize, Fragments));
        _payload = new byte[PayloadSize];
        _payload.AsSpan().Fill((byte)'x');
    }

    /// <summary>Raw <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> into a fixed buffer, one frame per message.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long Receive_Raw() => ReceiveAll(_whole);

    /// <summary>Raw receive of messages split into <see cref="Fragments"/> frames each.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Receive_Raw_Fragmented() => ReceiveAll(_fragmented);

    /// <summary>The harness's <see cref="WebSocketMessageReader"/> loop: whole messages into its pooled buffer.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Harness_MessageReader() => ReadAllWithHarness(_whole);

    /// <summary>The harness's loop joining messages of <see cref="Fragments"/> frames.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Harness_MessageReader_Fragmented() => ReadAllWithHarness(_fragmented);

    /// <summary>Sending masked client frames (the client must mask every frame, RFC 6455 5.3).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Send_Masked()
    {
        using var client = WebSocket.CreateFromStream(Stream.Null, WebSocketFrames.Client);
        for (int i = 0; i < Messages; i++)
        {
            var send = client.SendAsync(_payload.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            if (!send.IsCompletedSuccessfully)
            {
                send.AsTask().GetAwaiter().GetResult();
            }
        }

        return Messages;
    }

    /// <summary>Awaits a receive; over a memory stream it has always completed already, so no state machine runs.</summary>
    internal static ValueWebSocketReceiveResult Complete(ValueTask<ValueWebSocketReceiveResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static long ReadAllWithHarness(ReplayDuplexStream wire)
    {
        wire.Reset();
        using var client = WebSocket.CreateFromStream(wire, WebSocketFrames.Client);
        using var reader = new WebSocketMessageReader(client, maxMessageSize: 1 << 20);
        long bytes = 0;
        for (int i = 0; i < Messages; i++)
        {
            var read = reader.ReadAsync(CancellationToken.None);
            bool got = read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
            if (!got)
            {
                break;
            }

            bytes += reader.Message.Length;
        }

        return bytes;
    }

    private long ReceiveAll(ReplayDuplexStream wire)
    {
        wire.Reset();
        using var client = WebSocket.CreateFromStream(wire, WebSocketFrames.Client);
        long bytes = 0;
        int messages = 0;
        while (messages < Messages)
        {
            var result = Complete(client.ReceiveAsync(_receiveBuffer.AsMemory(), CancellationToken.None));
            bytes += result.Count;
            if (result.EndOfMessage)
            {
                messages++;
            }
        }

        return bytes;
    }
}
