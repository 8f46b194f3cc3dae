using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace Harness.Fakes;

/// <summary>
/// The last <see cref="Capacity"/> requests' per-token due and write times, served out of band at
/// <c>GET /v1/fake/write-times/{request_index}</c> so a client in another process can split its
/// error into the fake's lateness (due → written) and delivery (written → observed) without the
/// stream itself changing. Thread-safe; one allocation per request, none per token.
/// </summary>
public sealed class FakeWriteLog
{
    /// <summary>Requests remembered; older ones are overwritten.</summary>
    public const int Capacity = 4096;

    private readonly FakeWriteRecord?[] _ring = new FakeWriteRecord?[Capacity];
    private long _next;

    /// <summary>The newest record for <paramref name="requestIndex"/>, or null when none is remembered.</summary>
    public FakeWriteRecord? Find(long requestIndex)
    {
        var next = Volatile.Read(ref _next);
        for (var k = next - 1; k >= Math.Max(0, next - Capacity); k--)
        {
            var r = Volatile.Read(ref _ring[k % Capacity]);
            if (r is not null && r.RequestIndex == requestIndex)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>Forgets every record.</summary>
    public void Clear()
    {
        for (var i = 0; i < Capacity; i++)
        {
            Volatile.Write(ref _ring[i], null);
        }
    }

    /// <summary>The wire form: <c>{"request_index","stopwatch_frequency","start","due":[..],"written":[..]}</c>.</summary>
    public static byte[] ToJson(FakeWriteRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(64 + (record.Due.Length * 40));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("request_index", record.RequestIndex);
            w.WriteNumber("stopwatch_frequency", Stopwatch.Frequency);
            w.WriteNumber("start", record.StartTimestamp);
            w.WriteStartArray("due");
            foreach (var d in record.Due)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            w.WriteStartArray("written");
            foreach (var d in record.Written)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal FakeWriteRecord Begin(long requestIndex, long startTimestamp, int tokens)
    {
        var record = new FakeWriteRecord(requestIndex, startTimestamp, tokens);
        var slot = Interlocked.Increment(ref _next) - 1;
        Volatile.Write(ref _ring[slot % Capacity], record);
        return record;
    }
}
