using System.Buffers;
using System.Text.Json;

namespace Harness.Core.OpenAI;

// The fast path: the chunk layout OpenAI and the servers copying it send for nearly every event,
// matched byte for byte. It accepts only inputs that are valid JSON and that the reader would
// decode to the same fields; anything else (another key order, whitespace, an escaped id, an
// unknown key or finish reason, any doubt) returns false and the reader decides.
public sealed partial class ChatChunkDecoder
{
    // A JSON string ends at a quote; a backslash starts an escape; bytes below 0x20 are not
    // allowed in a string at all (RFC 8259 section 7), so they end the fast path.
    private static readonly SearchValues<byte> s_stringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    /// <summary>
    /// <c>{"id":"…","object":"chat.completion.chunk","created":N,"model":"…"[,"system_fingerprint":null|"…"],
    /// "choices":[{"index":0,"delta":{DELTA},"logprobs":null,"finish_reason":null|"stop"|…}][,"usage":null]}</c>
    /// where DELTA holds <c>content</c>, <c>role":"assistant</c>, <c>refusal":null</c> and
    /// <c>reasoning_content</c>/<c>reasoning</c> members in any order. True when decoded.
    /// </summary>
    internal bool TryDecodeUsualLayout(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        if (!Literal(data, ref pos, "{\"id\":\""u8)
            || !SkipString(data, ref pos)
            || !Literal(data, ref pos, ",\"object\":\"chat.completion.chunk\",\"created\":"u8)
            || !SkipInteger(data, ref pos)
            || !Literal(data, ref pos, ",\"model\":\""u8)
            || !SkipString(data, ref pos))
        {
            return false;
        }

        if (Literal(data, ref pos, ",\"system_fingerprint\":"u8)
            && !Literal(data, ref pos, "null"u8)
            && !(Literal(data, ref pos, "\""u8) && SkipString(data, ref pos)))
        {
            return false;
        }

        if (!Literal(data, ref pos, ",\"choices\":[{\"index\":0,\"delta\":{"u8)
            || !TryDecodeDeltaMembers(data, ref pos)
            || !Literal(data, ref pos, ",\"logprobs\":null,\"finish_reason\":"u8)
            || !TryDecodeFinishReason(data, ref pos)
            || !Literal(data, ref pos, "}]"u8))
        {
            return false;
        }

        // A null usage is what the reader reports as no usage.
        _ = Literal(data, ref pos, ",\"usage\":null"u8);
        if (!Literal(data, ref pos, "}"u8) || pos != data.Length)
        {
            return false;
        }

        IsChatCompletionChunk = true;
        HasChoices = true;
        ChoiceCount = 1;
        HasDelta = true;
        return true;
    }

    /// <summary>The members after <c>"delta":{</c>, through its closing brace.</summary>
    private bool TryDecodeDeltaMembers(ReadOnlySpan<byte> data, ref int pos)
    {
        if (Literal(data, ref pos, "}"u8))
        {
            return true;
        }

        do
        {
            if (Literal(data, ref pos, "\"content\":"u8))
            {
                if (!TryReadTextValue(data, ref pos, ref _content, out _contentView))
                {
                    return false;
                }
            }
            else if (Literal(data, ref pos, "\"role\":\"assistant\""u8))
            {
                Role = "assistant";
            }
            else if (Literal(data, ref pos, "\"refusal\":null"u8))
            {
                // Ignored by the reader as well.
            }
            else if (Literal(data, ref pos, "\"reasoning_content\":"u8) || Literal(data, ref pos, "\"reasoning\":"u8))
            {
                if (!TryReadTextValue(data, ref pos, ref _reasoning, out _reasoningView))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }
        while (Literal(data, ref pos, ","u8));

        return Literal(data, ref pos, "}"u8);
    }

    private bool TryDecodeFinishReason(ReadOnlySpan<byte> data, ref int pos)
    {
        if (Literal(data, ref pos, "null"u8))
        {
            FinishReason = null;
            return true;
        }

        FinishReason = Literal(data, ref pos, "\"stop\""u8) ? "stop"
            : Literal(data, ref pos, "\"length\""u8) ? "length"
            : Literal(data, ref pos, "\"tool_calls\""u8) ? "tool_calls"
            : Literal(data, ref pos, "\"content_filter\""u8) ? "content_filter"
            : null;
        return FinishReason is not null;
    }

    /// <summary>
    /// A string or null value into <paramref name="scratch"/>, as the reader's text extraction
    /// gives it: raw bytes when unescaped, else unescaped by <see cref="Utf8JsonReader"/> itself
    /// over just that string token.
    /// </summary>
    private static bool TryReadTextValue(ReadOnlySpan<byte> data, ref int pos, ref byte[] scratch, out ReadOnlyMemory<byte> view)
    {
        view = default;
        if (Literal(data, ref pos, "null"u8))
        {
            return true;
        }

        if (!Literal(data, ref pos, "\""u8))
        {
            return false;
        }

        int start = pos;
        bool escaped = false;
        while (true)
        {
            int stop = data[pos..].IndexOfAny(s_stringStops);
            if (stop < 0)
            {
                return false;
            }

            pos += stop;
            if (data[pos] == (byte)'"')
            {
                break;
            }

            if (data[pos] != (byte)'\\' || pos + 1 >= data.Length)
            {
                return false;
            }

            // The escaped byte never ends the string; the token reader below validates the escape.
            escaped = true;
            pos += 2;
        }

        var raw = data[start..pos];
        pos++;
        if (scratch.Length < raw.Length)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(raw.Length);
        }

        if (!escaped)
        {
            raw.CopyTo(scratch);
            view = scratch.AsMemory(0, raw.Length);
            return true;
        }

        var token = new Utf8JsonReader(data[(start - 1)..pos]);
        try
        {
            if (!token.Read() || token.TokenType != JsonTokenType.String)
            {
                return false;
            }

            view = scratch.AsMemory(0, token.CopyString(scratch));
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false; // an invalid escape or a lone surrogate: the reader reports the chunk as malformed
        }
    }

    /// <summary>Past the closing quote of a string without escapes; false at an escape or a control byte.</summary>
    private static bool SkipString(ReadOnlySpan<byte> data, ref int pos)
    {
        int stop = data[pos..].IndexOfAny(s_stringStops);
        if (stop < 0 || data[pos + stop] != (byte)'"')
        {
            return false;
        }

        pos += stop + 1;
        return true;
    }

    /// <summary>Past a non-negative JSON integer: <c>0</c>, or a digit 1-9 then digits.</summary>
    private static bool SkipInteger(ReadOnlySpan<byte> data, ref int pos)
    {
        int start = pos;
        while (pos < data.Length && (uint)(data[pos] - '0') <= 9)
        {
            pos++;
        }

        int digits = pos - start;
        return digits == 1 || (digits > 1 && data[start] != (byte)'0');
    }

    private static bool Literal(ReadOnlySpan<byte> data, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!data[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }
}
