using System.Text.Json;

namespace Harness.Benchmarks.Baselines;

/// <summary>
/// The pipeline's honest reference: what a careful engineer writes without a library. Reads into
/// one buffer, splits LF lines on spans, takes <c>data: </c> lines, and walks each chunk once with
/// <see cref="Utf8JsonReader"/>, extracting what the harness extracts: content and reasoning
/// (unescaped into scratch), role, finish reason, usage, an error's message, and malformed
/// payloads counted. No allocation per chunk in the steady state.
/// </summary>
/// <remarks>LF line ends only (the corpus it runs over); the SSE rules for the rest are not its job.</remarks>
public sealed class SpanUtf8JsonReaderLoop
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly byte[] _content = new byte[4096];
    private readonly byte[] _reasoning = new byte[4096];

    /// <summary>Chunks whose JSON was invalid, over all runs.</summary>
    public long Malformed { get; private set; }

    /// <summary>Role fields seen, over all runs.</summary>
    public long Roles { get; private set; }

    /// <summary>Finish reasons seen, over all runs.</summary>
    public long FinishReasons { get; private set; }

    /// <summary>Usage totals seen, over all runs.</summary>
    public long UsageTokens { get; private set; }

    /// <summary>Errors seen, over all runs.</summary>
    public long Errors { get; private set; }

    /// <summary>Reads <paramref name="stream"/> to its end; the total content bytes.</summary>
    public long Run(Stream stream)
    {
        long sum = 0;
        int filled = 0;
        int n;
        while ((n = stream.Read(_buffer.AsSpan(filled))) > 0)
        {
            filled += n;
            var span = _buffer.AsSpan(0, filled);
            int consumed = 0;
            int lf;
            while ((lf = span[consumed..].IndexOf((byte)'\n')) >= 0)
            {
                var line = span.Slice(consumed, lf);
                consumed += lf + 1;
                if (line.StartsWith("data: "u8))
                {
                    sum += DecodeChunk(line[6..]);
                }
            }

            span[consumed..].CopyTo(_buffer);
            filled -= consumed;
        }

        return sum;
    }

    private long DecodeChunk(ReadOnlySpan<byte> json)
    {
        if (json.SequenceEqual("[DONE]"u8))
        {
            return 0;
        }

        long content = 0;
        var reader = new Utf8JsonReader(json);
        int section = 0; // at depth 1: 1 choices, 2 usage, 3 error
        int choice = -1;
        bool inDelta = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject && section == 1 && reader.CurrentDepth == 2)
                {
                    choice++;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                int depth = reader.CurrentDepth;
                if (depth == 1)
                {
                    section = reader.ValueTextEquals("choices"u8) ? 1 : reader.ValueTextEquals("usage"u8) ? 2 : reader.ValueTextEquals("error"u8) ? 3 : 0;
                    if (section == 3)
                    {
                        Errors++;
                    }
                }
                else if (section == 1 && choice == 0 && depth == 3)
                {
                    inDelta = reader.ValueTextEquals("delta"u8);
                    if (reader.ValueTextEquals("finish_reason"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        FinishReasons++;
                    }
                }
                else if (inDelta && depth == 4)
                {
                    if (reader.ValueTextEquals("content"u8))
                    {
                        reader.Read();
                        content += Text(ref reader, _content);
                    }
                    else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
                    {
                        reader.Read();
                        Text(ref reader, _reasoning);
                    }
                    else if (reader.ValueTextEquals("role"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        Roles++;
                    }
                }
                else if (section == 2 && depth == 2 && reader.ValueTextEquals("total_tokens"u8)
                    && reader.Read() && reader.TryGetInt64(out long total))
                {
                    UsageTokens += total;
                }
            }
        }
        catch (JsonException)
        {
            Malformed++;
        }

        return content;
    }

    private static int Text(ref Utf8JsonReader reader, byte[] scratch)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return 0;
        }

        if (reader.ValueIsEscaped)
        {
            return reader.CopyString(scratch);
        }

        reader.ValueSpan.CopyTo(scratch);
        return reader.ValueSpan.Length;
    }
}
