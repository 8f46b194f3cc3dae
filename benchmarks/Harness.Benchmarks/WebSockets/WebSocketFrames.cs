using System.Net.WebSockets;

namespace Harness.Benchmarks.WebSockets;

/// <summary>Builds the wire bytes of server frames by sending through a real server-side <see cref="WebSocket"/>.</summary>
public static class WebSocketFrames
{
    /// <summary>Options for a client socket over an in-memory stream: no keep-alive timer.</summary>
    public static WebSocketCreationOptions Client { get; } = new() { IsServer = false, KeepAliveInterval = TimeSpan.Zero };

    /// <summary>
    /// The bytes of <paramref name="messages"/> unmasked text messages of <paramref name="payloadSize"/>
    /// bytes each, each split into <paramref name="fragments"/> frames.
    /// </summary>
    public static byte[] ServerTextMessages(int messages, int payloadSize, int fragments)
    {
        var payload = new byte[payloadSize];
        var random = new Random(Corpora.SseCorpus.Seed);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)('a' + random.Next(26));
        }

        using var wire = new MemoryStream();
        using var server = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        int pieceSize = (payloadSize + fragments - 1) / fragments;
        for (int m = 0; m < messages; m++)
        {
            for (int offset = 0; offset < payloadSize; offset += pieceSize)
            {
                int length = Math.Min(pieceSize, payloadSize - offset);
                bool last = offset + length >= payloadSize;
                var task = server.SendAsync(payload.AsMemory(offset, length), WebSocketMessageType.Text, last, CancellationToken.None);
                if (!task.IsCompletedSuccessfully)
                {
                    task.AsTask().GetAwaiter().GetResult();
                }
            }
        }

        return wire.ToArray();
    }
}
