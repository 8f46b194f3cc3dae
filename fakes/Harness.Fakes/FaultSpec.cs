using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Fakes;

/// <summary>
/// Faults a fake injects into one response. Immutable; <see cref="None"/> injects nothing.
/// </summary>
/// <remarks>
/// <para>Grammar (header <c>x-fake-fault</c>, the WebSocket <c>chat.start</c> <c>"fault"</c> field,
/// <c>--fault</c>): items separated by <c>,</c> or <c>;</c>, each <c>name</c>, <c>name@INDEX</c>,
/// <c>name=VALUE</c>, <c>name=VALUE@INDEX</c> or <c>name@INDEX=VALUE</c>. INDEX is the zero-based
/// index of the content event (chunk) the fault comes just before; an index at or past the last
/// event applies just before the finishing event. Several items combine.</para>
/// <para>SSE (chat completions and responses): <c>no-done</c> (no <c>data: [DONE]</c>, or for the Responses API no <c>response.completed</c>; clean end
/// after the last chunk); <c>malformed@i</c> (an extra <c>data:</c> line of invalid JSON);
/// <c>garbage-line@i</c> (a line with no colon, not a comment); <c>drop-rst@i</c> (TCP RST after
/// event i-1 on HTTP/1.1; RST_STREAM on HTTP/2); <c>drop-close@i</c> (response ended cleanly, and on
/// HTTP/1.1 the connection closed, before event i and before any <c>finish_reason</c>);
/// <c>stall=MS@i</c> (a pause of MS ms; later events shift by MS); <c>ping-every=N</c> (a
/// <c>: ping</c> comment before every Nth event); <c>error-mid@i</c> (an OpenAI-style
/// <c>{"error":{…}}</c> data event, then the stream ends without <c>[DONE]</c>);
/// <c>status=401|429|500|503|CODE</c> (an OpenAI-style JSON error body with that status);
/// <c>retry-after=SECONDS</c> (with a status: the <c>Retry-After</c> header);
/// <c>slow-headers=MS</c> (headers sent after MS ms; events shift by MS); <c>buffer-all</c> (every
/// event written at once at the end, on the schedule's last time); <c>line-ends=lf|crlf|cr</c>;
/// <c>bom</c> (a UTF-8 BOM before the first event); <c>oversized@i=BYTES</c> (an extra valid chunk
/// whose data line is about BYTES long, padded in an extra <c>"padding"</c> field, with empty
/// content); <c>html</c> (200 with an HTML page instead of the stream, as a login page or a proxy's
/// error page would be); <c>gzip</c> (the stream gzip-compressed with <c>Content-Encoding: gzip</c>,
/// whatever the request's <c>Accept-Encoding</c>).</para>
/// <para>WebSocket: <c>ws-abort@i</c> (the connection is aborted without a close frame: the client
/// sees 1006); <c>ws-close-1011@i</c> (close frame 1011); <c>ws-error@i</c> (an <c>error</c>
/// message, then the turn ends); <c>ws-non-json@i</c> (an extra text frame that is not JSON);
/// <c>ws-binary@i</c> (event i's <c>content.delta</c> sent as a binary frame); <c>ws-fragment@i</c>
/// (event i's message split across three frames); <c>ws-no-done</c> (no <c>chat.done</c>).
/// <c>status=…</c> also applies to the WebSocket upgrade; <c>stall</c> applies to both transports.</para>
/// <para>Contract breakers (for proving conformance checks can fail): <c>no-usage</c> (no usage chunk
/// even when <c>stream_options.include_usage</c> asks for one; WebSocket: <c>chat.done</c> without usage); <c>usage-tokens=N</c> (usage reports N
/// completion tokens whatever was sent, to prove the usage-vs-tokenizer mismatch report fires); <c>no-finish-reason</c> (the last
/// choice chunk has <c>finish_reason: null</c>); <c>no-retry-after</c> (a 429 without
/// <c>Retry-After</c>); WebSocket, from the upgrade's <c>x-fake-fault</c> header or the server
/// default: <c>ws-no-pong</c> (<c>ping</c> messages go unanswered), <c>ws-no-error</c> (bad
/// messages are ignored instead of answered with <c>error</c>), <c>ws-one-turn</c> (the server
/// closes with 1000 after the first turn).</para>
/// <para>Rates: <c>share=0.5</c> applies the other items to that share of requests only (seeded by
/// <c>seed=N</c> and the request's index: the same requests on every run), e.g.
/// <c>status=429,share=0.5</c> fails half the requests with 429.</para>
/// </remarks>
public sealed partial record FaultSpec
{
    /// <summary>No fault.</summary>
    public static FaultSpec None { get; } = new();

    /// <summary>True when a fault at <paramref name="index"/> fires at loop step <paramref name="i"/> of a stream of <paramref name="n"/> chunks (indices past the end fire before the finish).</summary>
    internal static bool At(int? index, int i, int n) => index is int x && Math.Min(x, n) == i;

    /// <summary>Omit <c>data: [DONE]</c>.</summary>
    public bool NoDone { get; init; }

    /// <summary>Event index before which an invalid-JSON data line is sent.</summary>
    public int? MalformedAt { get; init; }

    /// <summary>Event index before which a garbage non-field line is sent.</summary>
    public int? GarbageLineAt { get; init; }

    /// <summary>Event index at which the connection is reset.</summary>
    public int? DropRstAt { get; init; }

    /// <summary>Event index at which the response is ended cleanly without finishing.</summary>
    public int? DropCloseAt { get; init; }

    /// <summary>Event index before which the stream stalls for <see cref="Stall"/>.</summary>
    public int? StallAt { get; init; }

    /// <summary>Length of the stall.</summary>
    public TimeSpan Stall { get; init; }

    /// <summary>A <c>: ping</c> comment before every Nth event (0: none).</summary>
    public int PingEvery { get; init; }

    /// <summary>Event index before which an error object is sent and the stream ends.</summary>
    public int? ErrorMidAt { get; init; }

    /// <summary>HTTP status to answer with instead of a stream (with an OpenAI-style error body).</summary>
    public int? Status { get; init; }

    /// <summary>Seconds for the <c>Retry-After</c> header, with <see cref="Status"/>.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Delay before the response headers.</summary>
    public TimeSpan SlowHeaders { get; init; }

    /// <summary>Write every event at once at the end.</summary>
    public bool BufferAll { get; init; }

    /// <summary>Line terminator.</summary>
    public SseLineEnding LineEnding { get; init; } = SseLineEnding.Lf;

    /// <summary>Send a UTF-8 BOM first.</summary>
    public bool Bom { get; init; }

    /// <summary>Event index before which an oversized event is sent.</summary>
    public int? OversizedAt { get; init; }

    /// <summary>Approximate size in bytes of the oversized event's data line.</summary>
    public int OversizedBytes { get; init; } = 2_000_000;

    /// <summary>Answer 200 with an HTML page instead of the stream.</summary>
    public bool Html { get; init; }

    /// <summary>Send the stream gzip-compressed, with <c>Content-Encoding: gzip</c>.</summary>
    public bool Gzip { get; init; }

    /// <summary>WebSocket: event index at which the connection is aborted (client sees 1006).</summary>
    public int? WsAbortAt { get; init; }

    /// <summary>WebSocket: event index at which the server closes with 1011.</summary>
    public int? WsClose1011At { get; init; }

    /// <summary>WebSocket: event index at which an error message ends the turn.</summary>
    public int? WsErrorAt { get; init; }

    /// <summary>WebSocket: event index before which a non-JSON text frame is sent.</summary>
    public int? WsNonJsonAt { get; init; }

    /// <summary>WebSocket: event index sent as a binary frame.</summary>
    public int? WsBinaryAt { get; init; }

    /// <summary>WebSocket: event index whose message is split across several frames.</summary>
    public int? WsFragmentAt { get; init; }

    /// <summary>WebSocket: omit <c>chat.done</c>.</summary>
    public bool WsNoDone { get; init; }

    /// <summary>Send no usage chunk even when asked.</summary>
    public bool NoUsage { get; init; }

    /// <summary>The completion tokens usage reports instead of the true count (a server whose accounting is wrong).</summary>
    public int? UsageTokens { get; init; }

    /// <summary>Leave <c>finish_reason</c> null on the last choice chunk.</summary>
    public bool NoFinishReason { get; init; }

    /// <summary>Omit <c>Retry-After</c> on a 429.</summary>
    public bool NoRetryAfter { get; init; }

    /// <summary>WebSocket: leave <c>ping</c> messages unanswered.</summary>
    public bool WsNoPong { get; init; }

    /// <summary>WebSocket: ignore bad messages instead of answering with <c>error</c>.</summary>
    public bool WsNoError { get; init; }

    /// <summary>WebSocket: close the connection (1000) after the first turn.</summary>
    public bool WsOneTurn { get; init; }

    /// <summary>
    /// The share of requests (0–1) these faults apply to (<c>share=0.5</c>); the rest are served
    /// clean. Which ones is fixed by <see cref="ShareSeed"/> and the request's index, so a run is repeatable.
    /// </summary>
    public double Share { get; init; } = 1;

    /// <summary>Seed of the choice of requests under <see cref="Share"/> (<c>seed=N</c>).</summary>
    public int ShareSeed { get; init; } = 1;

    /// <summary>Whether the faults apply to the request with index <paramref name="requestIndex"/>.</summary>
    public bool AppliesTo(long requestIndex)
    {
        if (Share >= 1)
        {
            return true;
        }

        // SplitMix64 of (seed, index): a uniform draw per request, the same on every run.
        ulong z = unchecked(((ulong)(uint)ShareSeed << 32) ^ (ulong)requestIndex) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53)) < Share;
    }

    /// <summary>True when this spec injects nothing.</summary>
    public bool IsNone => this == None;

    /// <summary>Parses the grammar in the type's remarks over <paramref name="defaults"/> (or <see cref="None"/>).</summary>
    /// <exception cref="FormatException">An unknown fault, a missing or bad value or index.</exception>
    public static FaultSpec Parse(string text, FaultSpec? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = defaults ?? None;
        foreach (var item in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = ItemPattern().Match(item);
            if (!m.Success)
            {
                throw new FormatException($"fault item '{item}' is not name[=value][@index] (in '{text}')");
            }

            var name = m.Groups["name"].Value.ToLowerInvariant();
            var value = m.Groups["val"].Success ? m.Groups["val"].Value : null;
            int? at = m.Groups["at"].Success ? int.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture)
                : m.Groups["at2"].Success ? int.Parse(m.Groups["at2"].Value, CultureInfo.InvariantCulture) : null;
            spec = name switch
            {
                "no-done" => Flag(spec with { NoDone = true }),
                "malformed" => spec with { MalformedAt = Index() },
                "garbage-line" => spec with { GarbageLineAt = Index() },
                "drop-rst" => spec with { DropRstAt = Index() },
                "drop-close" => spec with { DropCloseAt = Index() },
                "stall" => spec with { Stall = TimeSpan.FromMilliseconds(Number(0, 3_600_000)), StallAt = Index() },
                "ping-every" => spec with { PingEvery = NoIndex(Number(1, 1_000_000)) },
                "error-mid" => spec with { ErrorMidAt = Index() },
                "status" => spec with { Status = NoIndex(Number(100, 599)) },
                "retry-after" => spec with { RetryAfterSeconds = NoIndex(Number(0, 86_400)) },
                "slow-headers" => spec with { SlowHeaders = TimeSpan.FromMilliseconds(NoIndex(Number(0, 3_600_000))) },
                "buffer-all" => Flag(spec with { BufferAll = true }),
                "line-ends" => spec with { LineEnding = NoIndex(LineEnding()) },
                "bom" => Flag(spec with { Bom = true }),
                "oversized" => spec with { OversizedAt = Index(), OversizedBytes = value is null ? 2_000_000 : Number(1, 256_000_000) },
                "html" => Flag(spec with { Html = true }),
                "gzip" => Flag(spec with { Gzip = true }),
                "ws-abort" => spec with { WsAbortAt = Index() },
                "ws-close-1011" => spec with { WsClose1011At = Index() },
                "ws-error" => spec with { WsErrorAt = Index() },
                "ws-non-json" => spec with { WsNonJsonAt = Index() },
                "ws-binary" => spec with { WsBinaryAt = Index() },
                "ws-fragment" => spec with { WsFragmentAt = Index() },
                "ws-no-done" => Flag(spec with { WsNoDone = true }),
                "no-usage" => Flag(spec with { NoUsage = true }),
                "usage-tokens" => spec with { UsageTokens = NoIndex(Number(0, 10_000_000)) },
                "no-finish-reason" => Flag(spec with { NoFinishReason = true }),
                "no-retry-after" => Flag(spec with { NoRetryAfter = true }),
                "ws-no-pong" => Flag(spec with { WsNoPong = true }),
                "ws-no-error" => Flag(spec with { WsNoError = true }),
                "ws-one-turn" => Flag(spec with { WsOneTurn = true }),
                "share" => spec with { Share = NoIndex(ShareValue()) },
                "seed" => spec with { ShareSeed = NoIndex(Number(0, int.MaxValue)) },
                _ => throw new FormatException($"unknown fault '{name}' in '{text}' (known: no-done, malformed@i, garbage-line@i, drop-rst@i, drop-close@i, stall=MS@i, ping-every=N, error-mid@i, status=CODE, retry-after=S, slow-headers=MS, buffer-all, line-ends=lf|crlf|cr, bom, oversized@i=BYTES, html, gzip, ws-abort@i, ws-close-1011@i, ws-error@i, ws-non-json@i, ws-binary@i, ws-fragment@i, ws-no-done, no-usage, usage-tokens=N, no-finish-reason, no-retry-after, ws-no-pong, ws-no-error, ws-one-turn, share=0..1, seed=N)"),
            };

            int Index() => at ?? throw new FormatException($"fault '{name}' needs an event index: '{name}@N' (in '{text}')");

            T NoIndex<T>(T result) => at is null ? result : throw new FormatException($"fault '{name}' takes no index (in '{text}')");

            FaultSpec Flag(FaultSpec result) => value is null ? NoIndex(result) : throw new FormatException($"fault '{name}' takes no value (in '{text}')");

            int Number(int min, int max) =>
                value is not null && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new FormatException($"fault '{name}' needs an integer value {min}..{max}, got '{value}' (in '{text}')");

            double ShareValue() =>
                value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1
                    ? d
                    : throw new FormatException($"fault 'share' needs a share 0..1 of requests, like share=0.5, got '{value}' (in '{text}')");

            SseLineEnding LineEnding() => value?.ToLowerInvariant() switch
            {
                "lf" => SseLineEnding.Lf,
                "crlf" => SseLineEnding.CrLf,
                "cr" => SseLineEnding.Cr,
                _ => throw new FormatException($"fault 'line-ends' needs lf, crlf or cr, got '{value}' (in '{text}')"),
            };
        }

        return spec;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9-]+)(?:@(?<at>\d{1,9}))?(?:=(?<val>[A-Za-z0-9.]+))?(?:@(?<at2>\d{1,9}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPattern();
}
