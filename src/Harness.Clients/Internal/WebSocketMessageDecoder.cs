using System.Text;
using System.Text.Json;
using Harness.Core.OpenAI;

namespace Harness.Clients.Internal;

/// <summary>Decodes one WebSocket message by a <see cref="WebSocketDialect"/>, without allocating for deltas.</summary>
internal sealed class WebSocketMessageDecoder : ITypedEventDecoder, IDisposable
{
    private readonly byte[] _typeField;
    private readonly byte[] _deltaType;
    private readonly byte[] _deltaField;
    private readonly byte[]? _reasoningType;
    private readonly byte[] _doneType;
    private readonly byte[] _errorType;
    private readonly byte[] _usageField;
    private readonly byte[] _errorMessageField;
    private readonly byte[] _errorCodeField;
    private readonly Utf8Scratch _scratch = new();

    public WebSocketMessageDecoder(WebSocketDialect dialect)
    {
        _typeField = Encoding.UTF8.GetBytes(dialect.TypeField);
        _deltaType = Encoding.UTF8.GetBytes(dialect.DeltaType);
        _deltaField = Encoding.UTF8.GetBytes(dialect.DeltaField);
        _reasoningType = dialect.ReasoningType is null ? null : Encoding.UTF8.GetBytes(dialect.ReasoningType);
        _doneType = Encoding.UTF8.GetBytes(dialect.DoneType);
        _errorType = Encoding.UTF8.GetBytes(dialect.ErrorType);
        _usageField = Encoding.UTF8.GetBytes(dialect.UsageField);
        _errorMessageField = Encoding.UTF8.GetBytes(dialect.ErrorMessageField);
        _errorCodeField = Encoding.UTF8.GetBytes(dialect.ErrorCodeField);
    }

    /// <summary>The delta text of a Delta or Reasoning message.</summary>
    public ReadOnlyMemory<byte> Delta { get; private set; }

    public ChatUsage? Usage { get; private set; }

    public string? ErrorMessage { get; private set; }

    public string? ErrorCode { get; private set; }

    public StreamEventKind Decode(ReadOnlySpan<byte> message)
    {
        Delta = default;
        Usage = null;
        ErrorMessage = null;
        ErrorCode = null;
        var kind = StreamEventKind.Other;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return StreamEventKind.Malformed;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(_typeField))
                {
                    reader.Read();
                    kind = reader.TokenType != JsonTokenType.String ? StreamEventKind.Other
                        : reader.ValueTextEquals(_deltaType) ? StreamEventKind.Delta
                        : _reasoningType is not null && reader.ValueTextEquals(_reasoningType) ? StreamEventKind.Reasoning
                        : reader.ValueTextEquals(_doneType) ? StreamEventKind.Done
                        : reader.ValueTextEquals(_errorType) ? StreamEventKind.Error
                        : StreamEventKind.Other;
                }
                else if (reader.ValueTextEquals(_deltaField))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        Delta = _scratch.Copy(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals(_usageField))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        Usage = UsageJson.Read(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals(_errorMessageField))
                {
                    reader.Read();
                    ErrorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals(_errorCodeField))
                {
                    reader.Read();
                    ErrorCode = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return StreamEventKind.Malformed;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: well-formed JSON whose text is not (invalid UTF-8, a lone surrogate).
            return StreamEventKind.Malformed;
        }

        return kind;
    }

    public void Dispose() => _scratch.Dispose();
}
