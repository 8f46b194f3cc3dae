using System.Globalization;
using System.Net;
using System.Text.Json;
using Harness.Clients;
using Harness.Clients.Redaction;

namespace Harness.Conformance.Checks;

/// <summary>The SSE (chat-completions streaming) rules, one entry per check.</summary>
public static class SseChecks
{
    /// <summary>Every SSE check, in the order they run and print.</summary>
    public static IReadOnlyList<ConformanceCheck> All { get; } =
    [
        new("sse.status", "sse", "A streaming request gets 200 with Content-Type text/event-stream.", StatusAsync),
        new("sse.incremental", "sse", "Tokens are flushed as they come: the first content arrives at least half the stream's duration (from the request) before the last.", IncrementalAsync),
        new("sse.chunks-valid", "sse", "Every data payload but [DONE] is a chat.completion.chunk object with a choices array whose items have a delta object.", ChunksValidAsync),
        new("sse.done", "sse", "Exactly one data: [DONE] ends the stream, and nothing but blank lines or comments follows it.", DoneAsync),
        new("sse.finish-reason", "sse", "The last chunk with choices carries a finish_reason.", FinishReasonAsync),
        new("sse.usage", "sse", "With stream_options.include_usage, a chunk carries usage with integer prompt/completion/total tokens.", UsageAsync),
        new("sse.lines", "sse", "Every line is blank, a ':' comment (e.g. ': ping') or a data/event/id/retry field, so WHATWG parsers skip comments and lose nothing.", LinesAsync),
        new("sse.bad-key", "sse", "A bad API key gets 401 with a JSON body holding an \"error\" object.", BadKeyAsync),
        new("sse.retry-after", "sse", "A 429 carries a Retry-After header (seconds or HTTP date); opt-in: needs a header that provokes the 429.", RetryAfterAsync),
        new("sse.client-drop", "sse", "After a client drops mid-stream, the server finishes a stream running alongside and serves a new one.", ClientDropAsync),
    ];

    private static async Task<CheckVerdict> StatusAsync(ConformanceContext ctx, CancellationToken ct)
    {
        var s = await ctx.StandardStreamAsync().ConfigureAwait(false);
        if (s.Status == 0)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var mediaType = s.ContentType?.Split(';')[0].Trim();
        var ok = s.Status == 200 && string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        return CheckVerdict.PassIf(ok, $"HTTP {s.Status}, Content-Type: {s.ContentType ?? "(none)"}" + (s.Status != 200 ? $"; {SseCapture.OneLine(s.ErrorBody ?? "")}" : ""));
    }

    private static async Task<CheckVerdict> IncrementalAsync(ConformanceContext ctx, CancellationToken ct)
    {
        // A stream of its own, after the standard one: connection set up and code warm, so the
        // request-start origin below measures the endpoint, not this client's first-call costs.
        await ctx.StandardStreamAsync().ConfigureAwait(false);
        var s = await ctx.RecordStreamAsync(includeUsage: false, ct: ct).ConfigureAwait(false);
        if (s.Status != 200)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var content = s.ChunkEvents.Where(e => !string.IsNullOrEmpty(ChatChunkShape.Of(e.Data).Content)).ToList();
        var judged = content.Count == 0 ? Incrementality.Of(0, TimeSpan.Zero, TimeSpan.Zero) : Incrementality.Of(content.Count, content[0].ArrivedAt, content[^1].ArrivedAt);
        return judged.Incremental switch
        {
            null => CheckVerdict.Skip(judged.Evidence()),
            bool incremental => CheckVerdict.PassIf(incremental, judged.Evidence(s.HeadersAt)),
        };
    }

    private static async Task<CheckVerdict> ChunksValidAsync(ConformanceContext ctx, CancellationToken ct)
    {
        var s = await ctx.StandardStreamAsync().ConfigureAwait(false);
        if (s.Status != 200)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var chunks = s.ChunkEvents.ToList();
        if (chunks.Count == 0)
        {
            return CheckVerdict.Fail($"no data events ({s.DescribeProblem()})");
        }

        var bad = chunks.Select((e, i) => (e, i, shape: ChatChunkShape.Of(e.Data))).Where(x => !x.shape.Valid).ToList();
        return bad.Count == 0
            ? CheckVerdict.Pass($"{chunks.Count} chunks, all valid chat.completion.chunk objects")
            : CheckVerdict.Fail($"{bad.Count} of {chunks.Count} payloads invalid; first #{bad[0].i}: {bad[0].shape.Problem}: {SseCapture.OneLine(Truncate(bad[0].e.Data, 80))}");
    }

    private static async Task<CheckVerdict> DoneAsync(ConformanceContext ctx, CancellationToken ct)
    {
        var s = await ctx.StandardStreamAsync().ConfigureAwait(false);
        if (s.Status != 200)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var done = s.Events.Select((e, i) => (e, i)).Where(x => x.e.IsDone).ToList();
        if (done.Count != 1)
        {
            var last = s.Events.Count == 0 ? "no events" : $"last event: {SseCapture.OneLine(Truncate(s.Events[^1].Data, 60))}";
            return CheckVerdict.Fail($"{done.Count} [DONE] events in {s.Events.Count} ({last}){(s.Failure is null ? "" : "; " + s.Failure)}{(s.HeaderProblem is null ? "" : "; " + s.HeaderProblem)}");
        }

        if (done[0].i != s.Events.Count - 1)
        {
            return CheckVerdict.Fail($"{s.Events.Count - 1 - done[0].i} events after [DONE]");
        }

        var after = SseLineKinds.Of(s.Body.AsSpan((int)Math.Min(done[0].e.EndOffset, s.Body.Length)));
        if (after.Fields > 0 || after.Odd.Count > 0)
        {
            return CheckVerdict.Fail($"{after.Fields + after.Odd.Count} non-comment lines after [DONE]");
        }

        return CheckVerdict.PassIf(s.Failure is null, s.Failure is null ? $"one [DONE], last of {s.Events.Count} events, then end of body" : $"[DONE] seen but the body did not end cleanly: {s.Failure}");
    }

    private static async Task<CheckVerdict> FinishReasonAsync(ConformanceContext ctx, CancellationToken ct)
    {
        var s = await ctx.StandardStreamAsync().ConfigureAwait(false);
        if (s.Status != 200)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var lastWithChoices = s.ChunkEvents.Select(e => ChatChunkShape.Of(e.Data)).LastOrDefault(c => c.Valid && c.ChoiceCount > 0);
        return lastWithChoices is null
            ? CheckVerdict.Fail("no chunk with choices")
            : CheckVerdict.PassIf(lastWithChoices.FinishReason is not null, $"last choice chunk: finish_reason {(lastWithChoices.FinishReason is null ? "null/absent" : $"\"{lastWithChoices.FinishReason}\"")}");
    }

    private static async Task<CheckVerdict> UsageAsync(ConformanceContext ctx, CancellationToken ct)
    {
        var s = await ctx.StandardStreamAsync().ConfigureAwait(false);
        if (s.Status != 200)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var usage = s.ChunkEvents.Select(e => ChatChunkShape.Of(e.Data).Usage).LastOrDefault(u => u is not null);
        if (usage is not JsonElement u)
        {
            return CheckVerdict.Fail($"include_usage was asked, but none of {s.ChunkEvents.Count()} chunks carries a usage object");
        }

        string[] names = ["prompt_tokens", "completion_tokens", "total_tokens"];
        var missing = names.Where(n => !u.TryGetProperty(n, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out _)).ToList();
        return CheckVerdict.PassIf(missing.Count == 0, missing.Count == 0 ? $"usage {SseCapture.OneLine(u.GetRawText())}" : $"usage lacks integer {string.Join(", ", missing)}: {SseCapture.OneLine(u.GetRawText())}");
    }

    private static async Task<CheckVerdict> LinesAsync(ConformanceContext ctx, CancellationToken ct)
    {
        var s = await ctx.StandardStreamAsync().ConfigureAwait(false);
        if (s.Status != 200)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        var k = SseLineKinds.Of(s.Body);
        var comments = k.Comments == 0 ? "no comments" : $"{k.Comments} comments (e.g. '{k.CommentSamples[0]}')";
        return k.Odd.Count == 0
            ? CheckVerdict.Pass($"{k.Fields} field lines, {k.Blank} blank, {comments}; nothing else")
            : CheckVerdict.Fail($"{k.Odd.Count} lines are neither blank, comment nor a known field; first: '{Truncate(k.Odd[0], 60)}' ({comments})");
    }

    private static async Task<CheckVerdict> BadKeyAsync(ConformanceContext ctx, CancellationToken ct)
    {
        if (ctx.Target.ApiKey is null)
        {
            return CheckVerdict.Skip("no API key configured: an endpoint without auth has no bad key to reject (set the key's env var to judge)");
        }

        var s = await ctx.RecordStreamAsync(includeUsage: false, apiKey: "harness-conformance-deliberately-invalid-key", ct: ct).ConfigureAwait(false);
        if (s.Status == 0)
        {
            return CheckVerdict.Fail(s.DescribeProblem());
        }

        if (s.Status != 401)
        {
            return CheckVerdict.Fail($"bad key got HTTP {s.Status}, not 401" + (s.Status == 200 ? $" and a stream of {s.Events.Count} events" : ""));
        }

        var error = ErrorObject(s.ErrorBody);
        return CheckVerdict.PassIf(error is not null, error is not null ? $"401, error: {error}" : $"401 but the body has no JSON \"error\" object: {SseCapture.OneLine(Truncate(s.ErrorBody ?? "", 80))}");
    }

    private static async Task<CheckVerdict> RetryAfterAsync(ConformanceContext ctx, CancellationToken ct)
    {
        if (ctx.Target.RateLimitHeader is not { } header)
        {
            return CheckVerdict.Skip("opt-in: no way to provoke a 429 was given (--rate-limit-header 'NAME: VALUE'; for the fake: 'x-fake-fault: status=429'); load is never sent to provoke one");
        }

        var s = await ctx.RecordStreamAsync(includeUsage: false, extraHeader: header, ct: ct).ConfigureAwait(false);
        if (s.Status != 429)
        {
            return CheckVerdict.Fail($"header '{header.Key}' did not provoke a 429: {s.DescribeProblem()}");
        }

        if (s.RetryAfter is null)
        {
            return CheckVerdict.Fail("429 without a Retry-After header");
        }

        var valid = int.TryParse(s.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || DateTimeOffset.TryParseExact(s.RetryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        return CheckVerdict.PassIf(valid, valid ? $"429 with Retry-After: {s.RetryAfter}" : $"429 with an unparsable Retry-After: '{Truncate(s.RetryAfter, 40)}'");
    }

    private static async Task<CheckVerdict> ClientDropAsync(ConformanceContext ctx, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(ctx.Target.Timeout);

        // A separate client so the dropped connection cannot be reused for the others. No drain:
        // by default a disposed response is read to its end (up to 1 MB) to reuse the connection,
        // which would make the "drop" a polite full read.
        using var dropper = new HttpClient(ConformanceContext.CreateHandler(ctx.Target, new SocketsHttpHandler { MaxResponseDrainSize = 0, PooledConnectionLifetime = TimeSpan.Zero })) { Timeout = Timeout.InfiniteTimeSpan };
        using var alongsideRequest = SseCapture.CreateRequest(ctx.Target, includeUsage: false);
        var alongside = SseCapture.RecordAsync(ctx.Http, alongsideRequest, cts.Token);

        string dropped;
        using (var request = SseCapture.CreateRequest(ctx.Target, includeUsage: false))
        {
            dropped = await DropAfterFirstEventAsync(dropper, request, cts.Token).ConfigureAwait(false);
        }

        using var afterRequest = SseCapture.CreateRequest(ctx.Target, includeUsage: false);
        var after = await SseCapture.RecordAsync(ctx.Http, afterRequest, cts.Token).ConfigureAwait(false);
        var during = await alongside.ConfigureAwait(false);
        var duringProblem = Unfinished(during);
        var afterProblem = Unfinished(after);
        return CheckVerdict.PassIf(
            duringProblem is null && afterProblem is null,
            $"dropped {dropped}; stream alongside: {duringProblem ?? "completed"}; new stream after: {afterProblem ?? "completed"}");

        // Completed: 200, a clean end of body, and the answer's end reached: [DONE] or a finish_reason.
        // Either will do: a missing one is sse.done's or sse.finish-reason's failure, not this check's.
        static string? Unfinished(SseCapture c) =>
            c.Status != 200 || c.Failure is not null ? c.DescribeProblem()
            : c.Events.Any(e => e.IsDone) || c.ChunkEvents.Any(e => ChatChunkShape.Of(e.Data).FinishReason is not null) ? null
            : $"ended after {c.Events.Count} events with neither [DONE] nor a finish_reason";
    }

    private static async Task<string> DropAfterFirstEventAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"nothing (HTTP {(int)response.StatusCode})";
        }

        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new Harness.Core.Sse.SseReader(body);
        var got = await reader.ReadAsync(ct).ConfigureAwait(false);

        // Disposing the response mid-body closes the connection: the server sees the client vanish.
        return got ? "a client after its first event" : "a client whose stream was empty";
    }

    private static string Truncate(string s, int max) => SecretRedactor.RedactThenClip(s, max, "...");

    private static string Ms(TimeSpan t) => Inv($"{t.TotalMilliseconds:0} ms");

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    private static string? ErrorObject(string? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body ?? "");
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
                ? SseCapture.OneLine(Truncate(e.GetRawText(), 100))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
