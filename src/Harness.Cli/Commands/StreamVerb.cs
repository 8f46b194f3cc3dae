using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Load.Results;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness stream --url URL | --ws-url URL</c>: streams one answer to the terminal as it arrives
/// (like curl for chat streams), then shows the request's timeline. Exit 0 when the outcome is ok,
/// 1 for any other outcome, 2 for bad usage.
/// </summary>
public sealed class StreamVerb : ICliVerb
{
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <inheritdoc />
    public int Order => 20;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Write the timeline as JSON to stdout (the answer then goes to stderr)." };
        var http2 = new Option<bool>("--http2") { Description = "SSE over HTTP/2 (h2c prior knowledge on http://)." };
        var responses = new Option<bool>("--responses") { Description = "Speak the Responses API (POST /v1/responses, typed events) instead of chat completions." };
        var record = new Option<string?>("--record") { Description = "Save the raw body (SSE) or messages (WebSocket) with arrival times, in the recording format 'fake replay' serves." };
        var fault = new Option<string?>("--fault") { Description = "Ask the fake for a fault: sent as x-fake-fault (and, for WebSocket, as chat.start \"fault\")." };
        var dialect = new Option<string?>("--ws-dialect") { Description = "JSON file mapping your WebSocket message types (see docs/clients.md)." };
        var timeouts = new TimeoutOptions();
        var retries = new Option<int>("--retries") { Description = "Retries for 429/503 (Retry-After honoured, else backoff with jitter).", DefaultValueFactory = _ => 2 };
        var force = new Option<bool>("--force") { Description = "Replace an existing --record file." };
        var noWarmup = new Option<bool>("--no-warmup") { Description = "Skip the warm-up stream against an embedded fake (the measured request then pays the process's JIT cost)." };

        var cmd = new Command("stream", "Stream one chat answer to the terminal as it arrives, then print its timeline (TTFB, TTFT, inter-token gaps, outcome). Exit 0 when ok, 1 otherwise.");
        var endpointOptions = new EndpointOptions();
        endpointOptions.AddTo(cmd);
        foreach (var o in (Option[])[json, http2, responses, record, fault, dialect, .. timeouts.All, retries, noWarmup, force])
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (parsed, ct) =>
        {
            var endpoint = endpointOptions.Bind(parsed);
            if (endpoint.Url is not null && endpoint.WebSocketUrl is not null)
            {
                throw new UsageException("give one of --url (SSE) or --ws-url (WebSocket), not both");
            }

            if (!endpoint.IsReal)
            {
                throw new UsageException($"give --url (SSE) or --ws-url (WebSocket), or set ${EndpointOptions.BaseUrlVariable}");
            }

            // Options of the other transport would be ignored: say so rather than measure something else.
            string? misplaced = endpoint.WebSocketUrl is not null
                ? (parsed.GetValue(http2) ? "--http2" : parsed.GetValue(responses) ? "--responses" : null)
                : parsed.GetValue(dialect) is not null ? "--ws-dialect" : null;
            if (misplaced is not null)
            {
                throw new UsageException(misplaced == "--ws-dialect"
                    ? "--ws-dialect maps WebSocket messages: it goes with --ws-url, not --url"
                    : $"{misplaced} is for SSE (--url); a WebSocket stream (--ws-url) does not take it");
            }

            var transport = endpoint.WebSocketUrl is not null ? Transport.WebSocket : parsed.GetValue(http2) ? Transport.SseHttp2 : Transport.Sse;
            var endpointUri = (endpoint.WebSocketUrl ?? endpoint.Url)!;
            string? apiKey = EndpointOptions.ApiKeyFor(endpoint);
            string modelName = EndpointOptions.ModelFor(endpoint);

            var wsDialect = WebSocketDialect.Default;
            if (parsed.GetValue(dialect) is { } dialectPath)
            {
                try
                {
                    wsDialect = WebSocketDialect.Load(InputFile.Require(dialectPath, "--ws-dialect:"));
                }
                catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
                {
                    throw new UsageException($"--ws-dialect: {ex.Message}");
                }
            }

            var headers = endpoint.Headers is null ? null : new Dictionary<string, string>(endpoint.Headers, StringComparer.OrdinalIgnoreCase);
            var faultSpec = parsed.GetValue(fault);
            var request = new ChatRequest
            {
                Model = modelName,
                Messages = EndpointOptions.ConversationsFor(endpoint, "Say hello in one sentence.")[0],
                MaxTokens = endpoint.MaxTokens,
                BodyFields = endpoint.BodyFields,
            };
            if (faultSpec is not null)
            {
                headers ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                headers["x-fake-fault"] = faultSpec;
                if (transport == Transport.WebSocket)
                {
                    request = request with { ExtraBodyFields = new Dictionary<string, string> { ["fault"] = faultSpec } };
                }
            }

            request = request with { Headers = headers };
            var recordPath = parsed.GetValue(record);
            if (recordPath is not null)
            {
                WritableFile.Require(recordPath, "--record", parsed.GetValue(force));
            }

            var recorder = recordPath is null ? null : new StreamRecorder();
            var options = new ChatClientOptions
            {
                Endpoint = endpointUri,
                ApiKey = apiKey,
                SseDialect = parsed.GetValue(responses) ? SseDialect.Responses : SseDialect.ChatCompletions,
                WebSocketDialect = wsDialect,
                Recorder = recorder,
                DirectConnection = true,
                OutputTokenCounter = EndpointOptions.TokenCounterFor(endpoint),
                Retry = new RetryOptions { MaxRetries = RetryCount.Of(parsed.GetValue(retries)) },
                Timeouts = timeouts.Bind(parsed),
            };

            var asJson = parsed.GetValue(json);
            var answerOut = asJson ? console.Error : console.Out;
            var printer = new AnswerPrinter(answerOut);
            var validation = EndpointOptions.CertificateValidationFor(endpoint);
            EndpointOptions.WarnIfInsecure(endpoint, console);
            RequestTimeline timeline;
            HarnessResolution resolution;
            HarnessPauses? pauses;
            bool warmUp = !parsed.GetValue(noWarmup);
            if (warmUp)
            {
                // Otherwise seconds pass with nothing on the screen.
                console.Error.WriteLine("stream: warming up the client first (a few seconds: short streams against a stand-in fake in this process, then a wait for the JIT to go quiet; --no-warmup skips it)...");
            }

            // The warm-up's fake stays up until after the measured request: RehearseAsync runs against it.
            await using (var warm = warmUp ? await StreamWarmUp.RunAsync(transport, options.SseDialect, options.OutputTokenCounter, ct) : null)

            // Probes this process's read lag while the request runs: the run's own error bound.
            await using (var lag = await Harness.Load.Scheduling.ReadLagMonitor.StartAsync(TimeSpan.FromMilliseconds(1)))
            await using (var client = ChatStreamClientFactory.Create(transport, options, validation))
            {
                if (warm is not null)
                {
                    await warm.RehearseAsync(ct);
                    lag.DropSamples();
                }

                timeline = await client.StreamAsync(request, 0, printer, ct);
                resolution = await lag.StopAsync();
                pauses = Harness.Load.Scheduling.ReadLagMonitor.PausesDuring(timeline);
            }

            printer.Flush();
            if (printer.Printed)
            {
                answerOut.WriteLine();
            }

            bool recordLost = false;
            if (recorder is not null)
            {
                try
                {
                    AtomicFile.Write(recordPath!, s =>
                    {
                        using var writer = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
                        recorder.WriteTo(writer, apiKey);
                    });
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Printed and the exit code says so: a recording asked for and lost is not success.
                    console.Error.WriteLine($"harness: {recordPath}: cannot write the recording: {ex.Message}");
                    recordLost = true;
                }
            }

            var outcome = OutcomeNames.Describe(timeline);
            var incrementality = Incrementality.Of(timeline);
            if (timeline.Outcome != RequestOutcome.Ok)
            {
                // A stream that still reached its end ([DONE], chat.done) after a malformed payload lost
                // no delta the harness can tell of: only one that stopped short is incomplete.
                var partial = timeline.ContentDeltaCount == 0 ? string.Empty
                    : timeline.SawDone ? $" [{timeline.ContentDeltaCount} content deltas received, to the end of the stream]"
                    : $" [answer incomplete: {timeline.ContentDeltaCount} deltas kept]";
                string error = timeline.Outcome == RequestOutcome.ConnectError && timeline.ErrorMessage is { } message ? EndpointOptions.WithInsecureHint(message) : timeline.ErrorMessage ?? string.Empty;
                console.Error.WriteLine($"harness: {outcome}: {error}{partial}");
            }

            if (asJson)
            {
                using var stdout = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stdout, s_json))
                {
                    RequestTimelineJson.Write(writer, timeline, resolution: resolution, more: w =>
                    {
                        WritePauses(w, pauses);
                        WriteIncremental(w, incrementality, timeline.Ttfb);
                    });
                }

                console.Out.WriteLine(Encoding.UTF8.GetString(stdout.ToArray()));
            }
            else
            {
                console.Error.Write(FormatTable(timeline, endpointUri, resolution, pauses, options.OutputTokenCounter?.Name));
            }

            if (incrementality.Incremental == false)
            {
                // Last, so it is not lost above the timeline: its latency figures mislead without it.
                console.Error.WriteLine($"harness: warning: not streamed incrementally ({incrementality.Evidence(timeline.Ttfb)}); {Incrementality.NotIncrementalMeaning}");
            }

            return recordLost ? ExitCodes.Usage : timeline.Outcome == RequestOutcome.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }

    // The process's own pauses while the request ran (garbage collections stop every thread, and so does the machine standing still).
    private static void WritePauses(Utf8JsonWriter w, HarnessPauses? pauses)
    {
        if (pauses is null)
        {
            w.WriteNull("harness_pauses"u8); // unknown: the runtime's events did not come
            return;
        }

        w.WriteStartObject("harness_pauses"u8);
        w.WriteNumber("count"u8, pauses.Count);
        w.WriteNumber("max_ms"u8, Math.Round(pauses.MaxMs, 3));
        if (pauses.MachineCount is long machine)
        {
            w.WriteNumber("machine_count"u8, machine);
        }
        else
        {
            w.WriteNull("machine_count"u8); // unknown: the probe had no real-time priority
        }

        w.WriteBoolean("may_have_delayed_first_token"u8, pauses.TtftDelayed > 0);
        w.WriteEndObject();
    }

    // true, false, or null when the stream was too short to judge; the figures either way.
    private static void WriteIncremental(Utf8JsonWriter w, Incrementality incrementality, TimeSpan? headers)
    {
        if (incrementality.Incremental is bool incremental)
        {
            w.WriteBoolean("incremental"u8, incremental);
        }
        else
        {
            w.WriteNull("incremental"u8);
        }

        w.WriteString("incremental_evidence"u8, incrementality.Evidence(headers));
    }

    private static string FormatTable(RequestTimeline t, Uri endpoint, HarnessResolution resolution, HarnessPauses? pauses, string? tokenizer)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        void Row(string name, string value) => sb.Append(inv, $"  {name,-22} {value}\n");
        static string Ms(TimeSpan? v) => v is { } x ? x.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "-";
        string At(long ts) => ts == 0 ? "-" : Ms(System.Diagnostics.Stopwatch.GetElapsedTime(t.LatencyOrigin, ts));

        sb.Append(inv, $"--- timeline: {t.Transport.ToName()} {EndpointUrl.ForDisplay(endpoint)} ---\n");
        Row("outcome", OutcomeNames.Describe(t) + (t.ErrorMessage is null ? string.Empty : $" ({t.ErrorMessage})"));
        Row("connection", t.ConnectionReused ? "reused" : $"new (dns {Ms(t.DnsDuration)}, tcp {Ms(t.TcpConnectDuration)}, tls {Ms(t.TlsHandshakeDuration)})");
        Row("request written", At(t.RequestWritten));
        Row("response headers", Ms(t.Ttfb) + (t.HttpStatus is int s ? $" (status {s})" : string.Empty));
        Row("first byte", At(t.FirstByte));
        Row("first chunk", Ms(t.TimeToFirstChunk));
        Row("first token (TTFT)", Ms(t.Ttft));
        if (t.FirstReasoningToken != 0)
        {
            Row("first reasoning token", Ms(t.TimeToFirstReasoningToken));
        }

        Row("end", Ms(t.EndToEnd) + (t.SawDone ? " (done)" : " (no done)"));
        var gaps = RequestTimelineJson.Gaps(t);
        Array.Sort(gaps);
        Row("inter-token gaps", gaps.Length == 0 ? "-" : string.Create(inv, $"p50 {RequestTimelineJson.Percentile(gaps, 0.5):0.000} / p90 {RequestTimelineJson.Percentile(gaps, 0.9):0.000} / p99 {RequestTimelineJson.Percentile(gaps, 0.99):0.000} / max {gaps[^1]:0.000} ms ({gaps.Length} gaps)"));
        Row("TPOT", Ms(t.Tpot));
        Row("chunks / deltas", string.Create(inv, $"{t.ChunkCount} / {t.ContentDeltaCount}"));
        Row("tokens", TokensText(t, tokenizer));
        if (t.MalformedCount > 0)
        {
            Row("malformed", t.MalformedCount.ToString(inv));
        }

        if (t.FinishReason is not null)
        {
            Row("finish reason", t.FinishReason);
        }

        Row("retries", string.Create(inv, $"{t.Retries} (waited {t.RetryWait.TotalMilliseconds:0} ms, not in any latency)"));
        Row("resolution", string.Create(inv, $"±{resolution.BoundMs:0.000} ms (this process's read lag p99 over {resolution.LagSamples} probes; smaller differences are noise)"));
        if (pauses is null)
        {
            Row("harness pauses", "unknown (the runtime's events did not come)");
        }
        else if (pauses.Count > 0)
        {
            Row("harness pauses", string.Create(inv, $"{pauses.Count}{pauses.MachineShare()}, up to {pauses.MaxMs:0.000} ms ({(pauses.TtftDelayed > 0 ? "one may have delayed the first token" : "none on the first token's way")})"));
        }

        return sb.ToString();
    }

    /// <summary>The output-token count, where it came from, and how usage compares with the tokenizer.</summary>
    private static string TokensText(RequestTimeline t, string? tokenizer)
    {
        var inv = CultureInfo.InvariantCulture;
        string counted = t.CountedTokens is long c ? string.Create(inv, $"counted by {t.Tokenizer}: {c}")
            : tokenizer is null ? "not counted (--tokenizer none)"
            : $"not counted by {tokenizer} (no text arrived)";
        string source = t.TokenSource.ToName();
        if (t.Usage is not { } u)
        {
            return string.Create(inv, $"{t.TokenCount} ({source}; no usage sent; {counted}; deltas {t.ContentDeltaCount})");
        }

        string mismatch = t.UsageCountDifference is long d
            ? d == 0 ? "; usage and tokenizer agree" : string.Create(inv, $"; tokenizer differs from usage by {d:+0;-0} ({t.UsageCountRelativeDifference!.Value:+0.0%;-0.0%})")
            : string.Empty;
        return string.Create(inv, $"{t.TokenCount} ({source}: prompt {u.PromptTokens}, completion {u.CompletionTokens}; {counted}{mismatch}; deltas {t.ContentDeltaCount}, discrepancy {t.TokenCountDiscrepancy})");
    }
}
