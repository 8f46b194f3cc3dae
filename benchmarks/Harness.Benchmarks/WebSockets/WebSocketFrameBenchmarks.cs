using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;

namespace Harness.Benchmarks.WebSockets;

/// <summary>
/// WebSocket frame handling over in-memory streams with <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>:
/// receiving unmasked server text frames (whole and fragmented messages) and sending masked client
/// frames. Figures are per message; the socket is made fresh per operation of
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

    private byte[] _whole = [];
    private byte[] _fragmented = [];
    private byte[] _payload = [];
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];

    /// <summary>Payload bytes per message: a token-sized chunk, and a large one.</summary>
    [Params(256, 16384)]
    public int PayloadSize { get; set; }

    /// <summary>Builds the wire bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _whole = WebSocketFrames.ServerTextMessages(Messages, PayloadSize, 1);
        _fragmented = WebSocketFrames.ServerTextMessages(Messages, PayloadSize, Fragments);
        _payload = new byte[PayloadSize];
        _payload.AsSpan().Fill((byte)'x');
    }

    /// <summary>Raw <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> into a fixed buffer, one frame per message.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public Task<long> Receive_Raw() => ReceiveAllAsync(_whole);

    /// <summary>Raw receive of messages split into <see cref="Fragments"/> frames each.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task<long> Receive_Raw_Fragmented() => ReceiveAllAsync(_fragmented);

    /// <summary>Sending masked client frames (the client must mask every frame, RFC 6455 5.3).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> Send_Masked()
    {
        using var client = WebSocket.CreateFromStream(Stream.Null, WebSocketFrames.Client);
        for (int i = 0; i < Messages; i++)
        {
            await client.SendAsync(_payload.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }

        return Messages;
    }

    private async Task<long> ReceiveAllAsync(byte[] wire)
    {
        using var client = WebSocket.CreateFromStream(new MemoryStream(wire, writable: false), WebSocketFrames.Client);
        long bytes = 0;
        int messages = 0;
        while (messages < Messages)
        {
            var result = await client.ReceiveAsync(_receiveBuffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            bytes += result.Count;
            if (result.EndOfMessage)
            {
                messages++;
            }
        }

        return bytes;
    }
}
