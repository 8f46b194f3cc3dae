using System.Text.Json;
using Harness.Core.OpenAI;

namespace Harness.Clients.Internal;

/// <summary>
/// Decodes one OpenAI Responses API event (<c>response.output_text.delta</c>,
/// <c>response.reasoning_text.delta</c>, <c>response.completed</c> with usage, <c>error</c>,
/// <c>response.failed</c>, <c>response.incomplete</c>) from its data, without allocating for deltas.
/// </summary>
internal sealed class ResponsesEventDecoder : ITypedEventDecoder, IDisposable
{
    private readonly Utf8Scratch _scratch = new();

    public ReadOnlyMemory<byte> Delta { get; private set; }

    public ChatUsage? Usage { get; private set; }

    public string? ErrorMessage { get; private set; }

    public StreamEventKind Decode(ReadOnlySpan<byte> data)
    {
        Delta = default;
        Usage = null;
        ErrorMessage = null;
        var kind = StreamEventKind.Other;
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return StreamEventKind.Malformed;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    kind = reader.TokenType != JsonTokenType.String ? StreamEventKind.Other
                        : reader.ValueTextEquals("response.output_text.delta"u8) ? StreamEventKind.Delta
                        : reader.ValueTextEquals("response.reasoning_text.delta"u8) || reader.ValueTextEquals("response.reasoning_summary_text.delta"u8) ? StreamEventKind.Reasoning
                        : reader.ValueTextEquals("response.completed"u8) ? StreamEventKind.Done
                        : reader.ValueTextEquals("error"u8) || reader.ValueTextEquals("response.failed"u8) ? StreamEventKind.Error
                        : reader.ValueTextEquals("response.incomplete"u8) ? StreamEventKind.Incomplete
                        : StreamEventKind.Other;
                }
                else if (reader.ValueTextEquals("delta"u8))
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
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    ErrorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : ErrorMessage;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadResponse(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
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

    private void ReadResponse(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
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
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isMessage = reader.ValueTextEquals("message"u8);
                        reader.Read();
                        if (isMessage && reader.TokenType == JsonTokenType.String)
                        {
                            ErrorMessage = reader.GetString();
                        }

                        reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
