using System.Net.WebSockets;
using System.Text;
using Harness.Clients.WebSockets;

namespace Harness.Clients.Tests;

public sealed class WebSocketMessageReaderTests
{
    /// <summary>Server-to-client frames (unmasked), RFC 6455 section 5.2.</summary>
    private static byte[] Frame(byte opcode, bool fin, ReadOnlySpan<byte> payload)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length < 126)
        {
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add(126);
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }

        return [.. header, .. payload.ToArray()];
    }

    private static WebSocket Client(params byte[][] frames) =>
        WebSocket.CreateFromStream(new MemoryStream(frames.SelectMany(f => f).ToArray()), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

    [Fact]
    public async Task Joins_fragments_reports_type_and_close()
    {
        var close = new byte[] { 0x03, 0xF3 }; // 1011
        using var socket = Client(
            Frame(0x1, true, "{\"a\":1}"u8),
            Frame(0x1, false, "hel"u8),
            Frame(0x0, false, "lo "u8),
            Frame(0x0, true, "world"u8),
            Frame(0x2, true, [1, 2, 3]),
            Frame(0x8, true, [.. close, .. "oops"u8.ToArray()]));
        using var reader = new WebSocketMessageReader(socket);

        Assert.True(await reader.ReadAsync());
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(reader.Message));
        Assert.Equal(WebSocketMessageType.Text, reader.MessageType);
        Assert.True(await reader.ReadAsync());
        Assert.Equal("hello world", Encoding.UTF8.GetString(reader.MessageMemory.Span));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(WebSocketMessageType.Binary, reader.MessageType);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Message.ToArray());
        Assert.False(await reader.ReadAsync());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, reader.CloseStatus);
        Assert.Equal("oops", reader.CloseStatusDescription);
        Assert.Equal(3, reader.MessageCount);
    }

    [Fact]
    public async Task Message_over_the_limit_is_a_typed_error_and_at_the_limit_is_fine()
    {
        using var socket = Client(Frame(0x1, true, new byte[100]), Frame(0x1, false, new byte[60]), Frame(0x0, true, new byte[41]));
        using var reader = new WebSocketMessageReader(socket, maxMessageSize: 100);
        Assert.True(await reader.ReadAsync());
        Assert.Equal(100, reader.Message.Length);
        var ex = await Assert.ThrowsAsync<WebSocketMessageTooLargeException>(async () => await reader.ReadAsync());
        Assert.Equal(100, ex.MaxMessageSize);
    }

    [ReleaseBuildFact]
    public async Task Reading_messages_allocates_nothing_per_message()
    {
        const int count = 2000;
        var frames = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            frames.Add(i % 2 == 0 ? Frame(0x1, true, "{\"type\":\"content.delta\",\"delta\":\" word\"}"u8) : Frame(0x1, false, "{\"type\":"u8));
            if (i % 2 == 1)
            {
                frames.Add(Frame(0x0, true, "\"x\"}"u8));
            }
        }

        frames.Add(Frame(0x8, true, [0x03, 0xE8]));
        using var socket = Client([.. frames]);
        using var reader = new WebSocketMessageReader(socket);
        Assert.True(await reader.ReadAsync()); // warm up: buffer, state machine pool
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = 1;
        while (await reader.ReadAsync())
        {
            read++;
        }

        var perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
        Assert.Equal(count, read);
        Assert.True(perMessage < 1, $"{perMessage:0.00} bytes allocated per message");
    }
}
