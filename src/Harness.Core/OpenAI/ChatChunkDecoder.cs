using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Harness.Core.OpenAI;

/// <summary>
/// Decodes one <c>data</c> payload of an OpenAI chat-completions stream with
/// <see cref="Utf8JsonReader"/>: <c>[DONE]</c>, <c>choices[0].delta.content</c>, <c>role</c>,
/// <c>reasoning_content</c>, <c>finish_reason</c>, <c>usage</c>, or a mid-stream <c>error</c>.
/// </summary>
/// <remarks>
/// The usual chunk layout is recognised byte for byte first (see <c>ChatChunkDecoder.Layout.cs</c>);
/// anything else goes through the reader. One instance is reused for every chunk and allocates
/// nothing in the steady state: content is
/// exposed as UTF-8 bytes (unescaped into a pooled scratch buffer only when the JSON escapes it),
/// and common roles and finish reasons are interned. The decoded fields are valid until the next
/// <see cref="Decode"/>.
/// </remarks>
public sealed partial class ChatChunkDecoder : IDisposable
{
    private static readonly byte[] s_done = "[DONE]"u8.ToArray();

    private byte[] _content = ArrayPool<byte>.Shared.Rent(256);
    private byte[] _reasoning = ArrayPool<byte>.Shared.Rent(64);
    private ReadOnlyMemory<byte> _contentView;
    private ReadOnlyMemory<byte> _reasoningView;

    /// <summary>What the last payload was.</summary>
    public ChatChunkKind Kind { get; private set; }

    /// <summary><c>choices[0].delta.content</c> as UTF-8 (empty when absent or null).</summary>
    public ReadOnlySpan<byte> ContentUtf8 => _contentView.Span;

    /// <summary>Whether <c>choices[0].delta.content</c> was a non-empty string.</summary>
    public bool HasContent => !_contentView.IsEmpty;

    /// <summary><c>choices[0].delta.reasoning_content</c> (or <c>reasoning</c>) as UTF-8.</summary>
    public ReadOnlySpan<byte> ReasoningUtf8 => _reasoningView.Span;

    /// <summary>Whether the delta carried non-empty reasoning text.</summary>
    public bool HasReasoning => !_reasoningView.IsEmpty;

    /// <summary><c>choices[0].delta.role</c>, if present.</summary>
    public string? Role { get; private set; }

    /// <summary><c>choices[0].finish_reason</c>, if not null.</summary>
    public string? FinishReason { get; private set; }

    /// <summary><c>usage</c>, if present and not null.</summary>
    public ChatUsage? Usage { get; private set; }

    /// <summary>The <c>error</c> object, when <see cref="Kind"/> is <see cref="ChatChunkKind.Error"/>.</summary>
    public ChatError? Error { get; private set; }

    /// <summary>Why the payload was malformed, when <see cref="Kind"/> is <see cref="ChatChunkKind.Malformed"/>.</summary>
    public string? MalformedReason { get; private set; }

    /// <summary>Whether <c>object</c> was <c>"chat.completion.chunk"</c>.</summary>
    public bool IsChatCompletionChunk { get; private set; }

    /// <summary>Whether the payload had a <c>choices</c> array.</summary>
    public bool HasChoices { get; private set; }

    /// <summary>How many entries <c>choices</c> had.</summary>
    public int ChoiceCount { get; private set; }

    /// <summary>Whether <c>choices[0]</c> had a <c>delta</c> object.</summary>
    public bool HasDelta { get; private set; }

    /// <summary>The content as a string (allocates).</summary>
    public string GetContent() => Encoding.UTF8.GetString(ContentUtf8);

    /// <summary>The reasoning text as a string (allocates).</summary>
    public string GetReasoning() => Encoding.UTF8.GetString(ReasoningUtf8);

    /// <summary>Decodes <paramref name="data"/> and returns its kind; the fields describe it until the next call.</summary>
    public ChatChunkKind Decode(ReadOnlySpan<byte> data)
    {
        Reset();
        if (TryDecodeUsualLayout(data))
        {
            return Kind = ChatChunkKind.Chunk;
        }

        return DecodeWithReader(data);
    }

    /// <summary>Decodes with <see cref="Utf8JsonReader"/> alone, whatever the layout (the reference the fast path is tested against).</summary>
    internal ChatChunkKind DecodeWithReader(ReadOnlySpan<byte> data)
    {
        Reset();
        if (data.SequenceEqual(s_done))
        {
            return Kind = ChatChunkKind.Done;
        }

        try
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Malformed("payload is not a JSON object");
            }

            ReadRoot(ref reader);

            // Whatever follows the object must be nothing at all.
            if (reader.Read())
            {
                return Malformed("trailing data after the JSON object");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: well-formed JSON whose text is not (invalid UTF-8, a lone surrogate).
            // Worded here, off the well-formed path: where it broke, not the reader's "LineNumber: 0 | BytePositionInLine: 1".
            return Malformed(ex is JsonException json ? JsonProblem.Describe(json) : "a string in it is not valid text (invalid UTF-8 or a lone surrogate)");
        }

        Kind = Error is not null ? ChatChunkKind.Error : ChatChunkKind.Chunk;
        return Kind;
    }

    /// <summary>Returns the pooled scratch buffers.</summary>
    public void Dispose()
    {
        if (_content.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_content);
            ArrayPool<byte>.Shared.Return(_reasoning);
            _content = [];
            _reasoning = [];
        }
    }

    private void Reset()
    {
        Kind = ChatChunkKind.Chunk;
        _contentView = default;
        _reasoningView = default;
        Role = null;
        FinishReason = null;
        Usage = null;
        Error = null;
        MalformedReason = null;
        IsChatCompletionChunk = false;
        HasChoices = false;
        ChoiceCount = 0;
        HasDelta = false;
    }

    private ChatChunkKind Malformed(string reason)
    {
        Reset();
        MalformedReason = reason;
        return Kind = ChatChunkKind.Malformed;
    }

    private void ReadRoot(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                IsChatCompletionChunk = reader.TokenType == JsonTokenType.String
                    && reader.ValueTextEquals("chat.completion.chunk"u8);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    Usage = ReadUsage(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                Error = ReadError(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        HasChoices = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ChoiceCount++ == 0 && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadFirstChoice(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadFirstChoice(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    HasDelta = true;
                    ReadDelta(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                FinishReason = reader.TokenType == JsonTokenType.String ? InternFinishReason(ref reader) : null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                _contentView = ReadText(ref reader, ref _content);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                _reasoningView = ReadText(ref reader, ref _reasoning);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                Role = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("assistant"u8) ? "assistant"
                    : reader.GetString();
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A string value as UTF-8: the raw span when unescaped, else unescaped into scratch.</summary>
    private static ReadOnlyMemory<byte> ReadText(ref Utf8JsonReader reader, ref byte[] scratch)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        // ValueSpan is a slice of the input, which the caller's span cannot hand out as memory:
        // copy into scratch either way. Unescaped output is never longer than the escaped input.
        int needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (scratch.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(needed);
        }

        int written = reader.ValueIsEscaped ? reader.CopyString(scratch) : CopyRaw(ref reader, scratch);
        return scratch.AsMemory(0, written);
    }

    private static int CopyRaw(ref Utf8JsonReader reader, byte[] scratch)
    {
        reader.ValueSpan.CopyTo(scratch);
        return reader.ValueSpan.Length;
    }

    private static string InternFinishReason(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("stop"u8) ? "stop"
        : reader.ValueTextEquals("length"u8) ? "length"
        : reader.ValueTextEquals("tool_calls"u8) ? "tool_calls"
        : reader.ValueTextEquals("content_filter"u8) ? "content_filter"
        : reader.GetString()!;

    private static ChatUsage ReadUsage(ref Utf8JsonReader reader)
    {
        long prompt = 0, completion = 0, total = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref long target = ref prompt;
            bool known = true;
            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                target = ref prompt;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                target = ref completion;
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                target = ref total;
            }
            else
            {
                known = false;
            }

            reader.Read();
            if (known && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
            {
                target = value;
            }
            else
            {
                reader.Skip();
            }
        }

        return new ChatUsage(prompt, completion, total);
    }

    private static ChatError ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new ChatError(reader.GetString()!, null, null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new ChatError(string.Empty, null, null);
        }

        string message = string.Empty;
        string? type = null, code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? name = reader.GetString();
            reader.Read();
            string? value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                _ => null,
            };
            reader.Skip();
            switch (name)
            {
                case "message":
                    message = value ?? string.Empty;
                    break;
                case "type":
                    type = value;
                    break;
                case "code":
                    code = value;
                    break;
            }
        }

        return new ChatError(message, type, code);
    }
}
