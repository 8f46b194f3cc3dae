using System.Text;
using CsCheck;
using Harness.Core.Sse;

namespace Harness.Core.Tests.Sse;

/// <summary>
/// Whatever bytes arrive, the reader gives events or its own <see cref="SseEventTooLargeException"/>,
/// never another exception, in every read mode, and every event it gives fits the configured bound.
/// </summary>
public sealed class SseReaderPropertyTests
{
    private static readonly byte[][] s_samples =
    [
        "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n"u8.ToArray(),
        "\uFEFFevent: e\r\nid: 7\r\nretry: 10\r\ndata: a\r\ndata: b\r\n\r\n: comment\r\n\r\n"u8.ToArray(),
        "data:x\rdata: y\r\rid\r:\rdata\r\r"u8.ToArray(),
    ];

    private static readonly Gen<(byte[] Input, int ReadSize, int MaxEvent)> s_inputs =
        Gen.Select(ArbitraryInput.Bytes(s_samples), Gen.Int[1, 64], Gen.Int[1, 200]);

    [Fact]
    public void ArbitraryBytes_Sync_EventsOrTooLarge() =>
        s_inputs.Sample(s => ReadAll(s.Input, s.ReadSize, s.MaxEvent, async: false), iter: 4000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void ArbitraryBytes_Async_EventsOrTooLarge() =>
        s_inputs.Sample(s => ReadAll(s.Input, s.ReadSize, s.MaxEvent, async: true), iter: 4000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void ArbitraryBytes_FromMemory_EventsOrTooLarge() =>
        s_inputs.Sample(
            s =>
            {
                using var reader = new SseReader(s.Input, new SseReaderOptions { MaxEventSize = s.MaxEvent });
                try
                {
                    while (reader.Read())
                    {
                        Assert.InRange(reader.Data.Length, 0, s.MaxEvent);
                    }
                }
                catch (SseEventTooLargeException)
                {
                }
            },
            iter: 4000,
            seed: "0N0XIzNsQ0O2");

    private static void ReadAll(byte[] input, int readSize, int maxEvent, bool async)
    {
        using var reader = new SseReader(new TrickleStream(input, readSize), new SseReaderOptions { MaxEventSize = maxEvent, ReadBufferSize = readSize });
        try
        {
            while (async ? reader.ReadAsync().AsTask().GetAwaiter().GetResult() : reader.Read())
            {
                Assert.InRange(reader.Data.Length, 0, maxEvent);
                _ = Encoding.UTF8.GetString(reader.Data);
                _ = reader.EventType;
                _ = reader.LastEventId;
            }
        }
        catch (SseEventTooLargeException)
        {
        }
    }
}
