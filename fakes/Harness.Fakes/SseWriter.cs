using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Harness.Fakes;

/// <summary>Writes SSE lines with a chosen line ending, flushing per event or buffering all until the end.</summary>
internal sealed class SseWriter(PipeWriter body, SseLineEnding lineEnding, bool bufferAll)
{
    private readonly ArrayBufferWriter<byte> _pending = new(512); // an event is ~250 B; grows for the rare large one
    private readonly string _eol = lineEnding switch { SseLineEnding.CrLf => "\r\n", SseLineEnding.Cr => "\r", _ => "\n" };
    private long _handedOver;

    /// <summary>Body bytes written so far, sent or pending: where the next write starts.</summary>
    public long Position => _handedOver + _pending.WrittenCount;

    public void Bom() => _pending.Write([(byte)0xEF, (byte)0xBB, (byte)0xBF]);

    public void Line(string line)
    {
        Encoding.UTF8.GetBytes(line, _pending);
        Encoding.UTF8.GetBytes(_eol, _pending);
    }

    public void Data(string data)
    {
        Line("data: " + data);
        Line(string.Empty);
    }

    /// <summary>One <c>data:</c> line built from UTF-8 head bytes, a JSON-quoted text and UTF-8 tail bytes, then the blank line.</summary>
    public void DataWithQuotedText(ReadOnlySpan<byte> headAfterDataColon, string text, ReadOnlySpan<byte> tail)
    {
        _pending.Write("data: "u8);
        _pending.Write(headAfterDataColon);
        JsonText.WriteQuoted(_pending, text);
        _pending.Write(tail);
        Encoding.UTF8.GetBytes(_eol, _pending);
        Encoding.UTF8.GetBytes(_eol, _pending);
    }

    public void Event(string name, string data)
    {
        Line("event: " + name);
        Data(data);
    }

    public void Comment(string text)
    {
        Line(": " + text);
        Line(string.Empty);
    }

    /// <summary>Sends what is pending now, unless buffering all.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (bufferAll || _pending.WrittenCount == 0)
        {
            return;
        }

        await SendPendingAsync(ct);
    }

    /// <summary>Sends everything pending (the whole body when buffering all).</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (_pending.WrittenCount > 0)
        {
            await SendPendingAsync(ct);
        }
    }

    private async ValueTask SendPendingAsync(CancellationToken ct)
    {
        body.Write(_pending.WrittenSpan);
        _handedOver += _pending.WrittenCount;
        _pending.ResetWrittenCount();
        var result = await body.FlushAsync(ct);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("the client went away");
        }
    }
}
