using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harness.Core;
using Harness.Core.OpenAI;
using Harness.Core.Sse;

namespace Harness.Cli.Commands;

/// <summary><c>harness sse parse [FILE|-]</c>: a raw event stream in, one JSON line per event out.</summary>
public sealed class SseVerb : ICliVerb
{
    private static readonly JsonWriterOptions s_json = new()
    {
        // Readable output: non-ASCII text stays as it is; the result is still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <inheritdoc />
    public int Order => 10;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var input = new Argument<string>("input")
        {
            Description = "The event stream to read: a file, or - for standard input.",
            DefaultValueFactory = _ => "-",
        };
        var openAi = new Option<bool>("--openai")
        {
            Description = "Print the decoded OpenAI chunk view (content, role, finish_reason, usage, error, done, malformed) instead of raw events.",
        };
        var maxEventSize = new Option<int>("--max-event-size")
        {
            Description = "Largest event, in bytes; a larger one is a stream error (exit 3).",
            DefaultValueFactory = _ => SseReaderOptions.Default.MaxEventSize,
        };
        // Names, not the enum's member names: SkipAndCount is an internal spelling users never see.
        var onMalformed = new Option<string>("--on-malformed")
        {
            Description = "With --openai: report a chunk that is not valid JSON (default), skip it (still counted), or fail: a stream error (exit 3).",
            DefaultValueFactory = _ => "report",
        };
        onMalformed.AcceptOnlyFromAmong("report", "skip", "fail");

        var parse = new Command("parse", "Parse a raw text/event-stream (WHATWG rules) and print one JSON object per dispatched event.")
        {
            input, openAi, maxEventSize, onMalformed,
        };
        parse.SetAction(async (result, ct) =>
        {
            int max = result.GetValue(maxEventSize);
            if (max < 1)
            {
                throw new UsageException("--max-event-size must be at least 1 byte");
            }

            // Raw events have no chunks to judge: the option would be ignored, and 'fail' never fail.
            if (!result.GetValue(openAi) && result.GetResult(onMalformed) is { Implicit: false })
            {
                throw new UsageException("--on-malformed applies to decoded chunks: give --openai too");
            }

            var options = new SseReaderOptions { MaxEventSize = max, LeaveOpen = true };
            string path = result.GetValue(input)!;
            using var stream = OpenInput(path);
            try
            {
                return result.GetValue(openAi)
                    ? await PrintChunksAsync(stream, options, result.GetValue(onMalformed) switch
                    {
                        "skip" => MalformedChunkPolicy.SkipAndCount,
                        "fail" => MalformedChunkPolicy.Fail,
                        _ => MalformedChunkPolicy.Report,
                    }, console, ct)
                    : await PrintEventsAsync(stream, options, console, ct);
            }
            catch (Exception ex) when (ex is SseEventTooLargeException or MalformedChunkException)
            {
                // A stream error (exit 3), named by where it was read.
                console.Error.WriteLine($"harness: {(path == "-" ? "standard input" : path)}: {ex.Message}");
                return ExitCodes.StreamError;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read that fails after the open (standard input is a directory, a device error).
                throw new UsageException($"{(path == "-" ? "standard input" : path)}: {ex.Message}");
            }
        });

        return new Command("sse", "Server-Sent Events tools.") { parse };
    }

    private static Stream OpenInput(string path)
    {
        if (path == "-")
        {
            return Console.OpenStandardInput();
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"'{path}' {FileProblem.Describe(ex, path)}");
        }
    }

    private static async Task<int> PrintEventsAsync(Stream stream, SseReaderOptions options, CliConsole console, CancellationToken ct)
    {
        using var reader = new SseReader(stream, options);
        var line = new ArrayBufferWriter<byte>();
        while (await reader.ReadAsync(ct))
        {
            line.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(line, s_json))
            {
                json.WriteStartObject();
                json.WriteString("type"u8, reader.EventTypeUtf8);
                json.WriteString("data"u8, reader.GetDataString());
                json.WriteString("lastEventId"u8, reader.LastEventId);
                json.WriteEndObject();
            }

            await WriteLineAsync(console.Out, line);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> PrintChunksAsync(Stream stream, SseReaderOptions options, MalformedChunkPolicy policy, CliConsole console, CancellationToken ct)
    {
        using var reader = new ChatStreamReader(stream, policy, options);
        var line = new ArrayBufferWriter<byte>();
        while (await reader.ReadAsync(ct))
        {
            line.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(line, s_json))
            {
                WriteChunk(json, reader.EventIndex, reader.Current);
            }

            await WriteLineAsync(console.Out, line);
        }

        if (reader.MalformedCount > 0)
        {
            console.Error.WriteLine($"harness: {reader.MalformedCount} malformed chunk(s)");
        }

        return ExitCodes.Ok;
    }

    private static void WriteChunk(Utf8JsonWriter json, long index, ChatChunkDecoder chunk)
    {
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        switch (chunk.Kind)
        {
            case ChatChunkKind.Done:
                json.WriteBoolean("done"u8, true);
                break;
            case ChatChunkKind.Malformed:
                json.WriteString("malformed"u8, chunk.MalformedReason);
                break;
            case ChatChunkKind.Error:
                json.WriteStartObject("error"u8);
                json.WriteString("message"u8, chunk.Error!.Message);
                WriteIfPresent(json, "type"u8, chunk.Error.Type);
                WriteIfPresent(json, "code"u8, chunk.Error.Code);
                json.WriteEndObject();
                break;
            default:
                WriteIfPresent(json, "role"u8, chunk.Role);
                if (chunk.HasContent)
                {
                    json.WriteString("content"u8, chunk.GetContent());
                }

                if (chunk.HasReasoning)
                {
                    json.WriteString("reasoning"u8, chunk.GetReasoning());
                }

                WriteIfPresent(json, "finish_reason"u8, chunk.FinishReason);
                if (chunk.Usage is { } usage)
                {
                    json.WriteStartObject("usage"u8);
                    json.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
                    json.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
                    json.WriteNumber("total_tokens"u8, usage.TotalTokens);
                    json.WriteEndObject();
                }

                break;
        }

        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static async Task WriteLineAsync(TextWriter output, ArrayBufferWriter<byte> line)
    {
        // Flushed per event, so a live stream piped in shows up as it arrives.
        await output.WriteLineAsync(Encoding.UTF8.GetString(line.WrittenSpan));
        await output.FlushAsync();
    }
}
