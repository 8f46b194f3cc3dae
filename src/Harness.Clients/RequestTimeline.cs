using System.Buffers;
using System.Diagnostics;
using Harness.Core.OpenAI;

namespace Harness.Clients;

/// <summary>
/// Everything measured about one streamed request, on the monotonic clock
/// (<see cref="Stopwatch.GetTimestamp"/> ticks; 0 means "did not happen").
/// </summary>
/// <remarks>
/// Definitions (the README states the same):
/// <list type="bullet">
/// <item><b>TTFB</b>: actual start to response headers (HTTP) or upgrade completed (WebSocket).</item>
/// <item><b>Time to first chunk</b>: start to the first event of any kind, including a role-only chunk with empty content.</item>
/// <item><b>TTFT</b>: start to the first non-empty <c>content</c>.</item>
/// <item><b>Inter-token latency</b>: each gap between consecutive content arrivals; TTFT is never folded in.</item>
/// <item><b>TPOT</b>: (last token − first token) / (tokens − 1), per request.</item>
/// <item><b>End to end</b>: start to the end of the stream (<c>[DONE]</c>, <c>chat.done</c>, or the failure).</item>
/// </list>
/// Latencies are taken from <see cref="IntendedStart"/> when the load engine schedules requests (open
/// model; no coordinated omission) and from <see cref="ActualStart"/> for the uncorrected figure.
/// Recording an arrival costs no allocation beyond the array's amortised growth. The arrivals live
/// in an array from the shared pool: whoever consumes a timeline last may give it back with
/// <see cref="Release"/>, so a load run's requests in flight hold no array of their own for the
/// collector to copy (a timeline never released only misses the pool).
/// </remarks>
public sealed class RequestTimeline
{
    private long[] _arrivals;
    private int _arrivalCount;
    private bool _released;
    private string? _errorMessage;
    private string? _unexpectedMediaType;
    private string? _unexpectedContentEncoding;

    /// <summary>Creates an empty timeline sized for <paramref name="expectedTokens"/> arrivals.</summary>
    public RequestTimeline(int expectedTokens = 64)
    {
        _arrivals = ArrayPool<long>.Shared.Rent(Math.Max(expectedTokens, 4));
    }

    /// <summary>The transport used.</summary>
    public Transport Transport { get; set; }

    /// <summary>When the request should have started (the load schedule); equals <see cref="ActualStart"/> when unscheduled.</summary>
    public long IntendedStart { get; set; }

    /// <summary>When the client began the request (before connecting).</summary>
    public long ActualStart { get; set; }

    /// <summary>When the request's first attempt began (<see cref="ActualStart"/> unless it was retried): the total timeout counts from here.</summary>
    public long FirstAttemptStart { get; set; }

    /// <summary>Whether a pooled connection was reused (no DNS/TCP/TLS cost paid).</summary>
    public bool ConnectionReused { get; set; }

    /// <summary>DNS resolution time for a new connection (zero for an IP literal).</summary>
    public TimeSpan? DnsDuration { get; set; }

    /// <summary>TCP connect time for a new connection.</summary>
    public TimeSpan? TcpConnectDuration { get; set; }

    /// <summary>TLS handshake time for a new https/wss connection.</summary>
    public TimeSpan? TlsHandshakeDuration { get; set; }

    /// <summary>When this attempt's own new connection began connecting (before DNS); 0 without one.</summary>
    public long ConnectStart { get; set; }

    /// <summary>Whether this attempt started a new connection of its own (set as the connect begins).</summary>
    public bool ConnectStarted { get; set; }

    /// <summary>Whether that connection became usable: connected, and TLS done where the scheme is secure.</summary>
    public bool ConnectCompleted { get; set; }

    /// <summary>
    /// Whether the request failed opening its own new connection: it started one that never became
    /// usable (refused, unresolved, timed out, TLS failing), and it ended in that failure. Such a
    /// request has no connect time; a claim on connect counts it past any value.
    /// </summary>
    public bool ConnectFailed => ConnectStarted && !ConnectCompleted
        && (Outcome == RequestOutcome.ConnectError || (Outcome == RequestOutcome.Timeout && TimeoutPhase == TimeoutPhase.Connect));

    /// <summary>Of <see cref="ConnectFailed"/>, those that connected but failed their TLS handshake: a claim on TLS counts them past any value.</summary>
    public bool TlsFailed => ConnectFailed && TcpConnectDuration is not null;

    /// <summary>When the request (or <c>chat.start</c>) was fully written.</summary>
    public long RequestWritten { get; set; }

    /// <summary>When response headers arrived (HTTP) or the upgrade completed (WebSocket).</summary>
    public long ResponseHeaders { get; set; }

    /// <summary>When the first body byte or frame arrived.</summary>
    public long FirstByte { get; set; }

    /// <summary>When the first event or message of any kind arrived.</summary>
    public long FirstChunk { get; set; }

    /// <summary>When the first non-empty content arrived.</summary>
    public long FirstToken { get; set; }

    /// <summary>When the first non-empty reasoning text arrived, if the server streams it.</summary>
    public long FirstReasoningToken { get; set; }

    /// <summary>When the stream ended, well or not.</summary>
    public long End { get; set; }

    /// <summary>How the request ended.</summary>
    public RequestOutcome Outcome { get; set; }

    /// <summary>The HTTP status of the (last) response, if any.</summary>
    public int? HttpStatus { get; set; }

    /// <summary>The WebSocket close status, if the socket closed (1006 when it was aborted).</summary>
    public int? WebSocketCloseCode { get; set; }

    /// <summary>Which timeout fired, if any.</summary>
    public TimeoutPhase TimeoutPhase { get; set; }

    /// <summary>The code of an error the server sent in the stream (<c>invalid_api_key</c>), if it gave one.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>
    /// A one-line description of what went wrong (never contains the API key). Whatever is set is
    /// kept on one line with control characters escaped (<see cref="PrintableText.OneLine"/>): it
    /// often quotes the server, and is printed and written as is.
    /// </summary>
    public string? ErrorMessage
    {
        get => _errorMessage;
        set => _errorMessage = value is null ? null : PrintableText.OneLine(value);
    }

    /// <summary>For <see cref="RequestOutcome.BadContentType"/>: the media type the server sent instead of <c>text/event-stream</c> (<c>none</c> when it sent none).</summary>
    public string? UnexpectedMediaType
    {
        get => _unexpectedMediaType;
        set => _unexpectedMediaType = value is null ? null : PrintableText.OneLine(value);
    }

    /// <summary>For <see cref="RequestOutcome.ContentEncoding"/>: the content coding of the body (<c>gzip</c>, <c>br</c>...).</summary>
    public string? UnexpectedContentEncoding
    {
        get => _unexpectedContentEncoding;
        set => _unexpectedContentEncoding = value is null ? null : PrintableText.OneLine(value);
    }

    /// <summary>Events or messages received (role-only and usage chunks included).</summary>
    public int ChunkCount { get; set; }

    /// <summary>Payloads that were not valid JSON.</summary>
    public int MalformedCount { get; set; }

    /// <summary>Usage as the server reported it, if it did.</summary>
    public ChatUsage? Usage { get; set; }

    /// <summary>Whether <c>[DONE]</c> (or <c>chat.done</c>) arrived.</summary>
    public bool SawDone { get; set; }

    /// <summary>The finish reason of the last choice chunk, if any.</summary>
    public string? FinishReason { get; set; }

    /// <summary>Retries made for 429/503 before the final attempt.</summary>
    public int Retries { get; set; }

    /// <summary>Time spent waiting between retries; not part of any latency.</summary>
    public TimeSpan RetryWait { get; set; }

    /// <summary>Arrival timestamps of each non-empty content delta, in order.</summary>
    /// <exception cref="ObjectDisposedException">after <see cref="Release"/>.</exception>
    public ReadOnlySpan<long> ContentArrivals => Arrivals.AsSpan(0, _arrivalCount);

    /// <summary>Content deltas received.</summary>
    public int ContentDeltaCount => _arrivalCount;

    /// <summary>
    /// Tokens of the streamed content and reasoning by <see cref="Tokenizer"/>, counted once at the
    /// end of the request; null when no tokenizer was on (<c>--tokenizer none</c>).
    /// </summary>
    public long? CountedTokens { get; set; }

    /// <summary>The tokenizer that produced <see cref="CountedTokens"/> (<c>o200k_base</c>, <c>cl100k_base</c>).</summary>
    public string? Tokenizer { get; set; }

    /// <summary>Where <see cref="TokenCount"/> comes from: usage when the server sent it, else the tokenizer's count, else the content deltas.</summary>
    public OutputTokenSource TokenSource =>
        Usage is { CompletionTokens: > 0 } ? OutputTokenSource.Usage
        : CountedTokens is not null ? OutputTokenSource.Counted
        : OutputTokenSource.Deltas;

    /// <summary>Tokens generated: <c>usage.completion_tokens</c> when sent, else <see cref="CountedTokens"/>, else the content delta count.</summary>
    public long TokenCount => TokenSource switch
    {
        OutputTokenSource.Usage => Usage!.Value.CompletionTokens,
        OutputTokenSource.Counted => CountedTokens!.Value,
        _ => _arrivalCount,
    };

    /// <summary>Usage's token count minus the counted deltas (0 when usage was not sent).</summary>
    public long TokenCountDiscrepancy => Usage is { } usage ? usage.CompletionTokens - _arrivalCount : 0;

    /// <summary>
    /// The tokenizer's count minus usage's, when the server sent usage and a tokenizer counted too
    /// (null otherwise): how far the server's accounting is from the text it streamed.
    /// </summary>
    public long? UsageCountDifference => Usage is { } usage && CountedTokens is long counted ? counted - usage.CompletionTokens : null;

    /// <summary><see cref="UsageCountDifference"/> relative to usage's count (taken as at least 1): +0.05 means the tokenizer counted 5% more.</summary>
    public double? UsageCountRelativeDifference => UsageCountDifference is long difference
        ? difference / (double)Math.Max(1, Usage!.Value.CompletionTokens)
        : null;

    /// <summary>The text kept for counting, while the request runs (null when no tokenizer is on).</summary>
    internal Internal.OutputText? Output { get; set; }

    /// <summary>
    /// Clears everything one attempt records, keeping what the request is (transport, intended and
    /// actual start, retries so far): for a turn sent again within the same attempt.
    /// </summary>
    internal void ResetAttempt()
    {
        ConnectionReused = false;
        DnsDuration = TcpConnectDuration = TlsHandshakeDuration = null;
        ConnectStarted = ConnectCompleted = false;
        ConnectStart = 0;
        RequestWritten = ResponseHeaders = FirstByte = FirstChunk = FirstToken = FirstReasoningToken = End = 0;
        Outcome = RequestOutcome.Ok;
        HttpStatus = WebSocketCloseCode = null;
        TimeoutPhase = TimeoutPhase.None;
        ErrorMessage = ErrorCode = FinishReason = UnexpectedMediaType = UnexpectedContentEncoding = null;
        ChunkCount = MalformedCount = 0;
        Usage = null;
        SawDone = false;
        _arrivalCount = 0;
        Output?.Clear();
    }

    /// <summary>Counts the kept text with <paramref name="counter"/> into <see cref="CountedTokens"/> and lets the text go.</summary>
    internal void CountOutput(TokenCounter counter)
    {
        if (Output is not { } output)
        {
            return;
        }

        // A request that failed before any text (a 429, a refused connection) has nothing to count.
        if (!output.IsEmpty || Outcome == RequestOutcome.Ok)
        {
            CountedTokens = output.Count(counter);
            Tokenizer = counter.Name;
        }

        output.Release();
        Output = null;
    }

    /// <summary>
    /// Gives the arrivals' array back to the shared pool, once nothing will read them again: their
    /// figures (<see cref="ContentArrivals"/>, <see cref="MeanContentArrival"/>, the gaps) throw
    /// afterwards rather than read an array another request may be filling. Counts and times stay.
    /// </summary>
    public void Release()
    {
        if (!_released)
        {
            _released = true;
            ArrayPool<long>.Shared.Return(_arrivals);
            _arrivals = [];
        }
    }

    /// <summary>Records a non-empty content delta arriving at <paramref name="timestamp"/>.</summary>
    /// <exception cref="ObjectDisposedException">after <see cref="Release"/>.</exception>
    public void RecordContent(long timestamp)
    {
        if (_arrivalCount == Arrivals.Length)
        {
            var bigger = ArrayPool<long>.Shared.Rent(_arrivals.Length * 2);
            _arrivals.AsSpan(0, _arrivalCount).CopyTo(bigger);
            ArrayPool<long>.Shared.Return(_arrivals);
            _arrivals = bigger;
        }

        _arrivals[_arrivalCount++] = timestamp;
        if (FirstToken == 0)
        {
            FirstToken = timestamp;
        }
    }

    /// <summary>The start latencies are measured from: intended when scheduled, else actual.</summary>
    public long LatencyOrigin => IntendedStart != 0 ? IntendedStart : ActualStart;

    /// <summary>Time from <see cref="LatencyOrigin"/> to response headers.</summary>
    public TimeSpan? Ttfb => Since(ResponseHeaders);

    /// <summary>Time to the first event of any kind.</summary>
    public TimeSpan? TimeToFirstChunk => Since(FirstChunk);

    /// <summary>Time to the first non-empty content.</summary>
    public TimeSpan? Ttft => Since(FirstToken);

    /// <summary>Time to the first reasoning text.</summary>
    public TimeSpan? TimeToFirstReasoningToken => Since(FirstReasoningToken);

    /// <summary>Time to the end of the stream.</summary>
    public TimeSpan? EndToEnd => Since(End);

    /// <summary>Connection cost paid by this request (DNS + TCP + TLS); zero when reused.</summary>
    public TimeSpan ConnectCost => (DnsDuration ?? TimeSpan.Zero) + (TcpConnectDuration ?? TimeSpan.Zero) + (TlsHandshakeDuration ?? TimeSpan.Zero);

    /// <summary>How long the request waited for its start (actual minus intended), the scheduling delay.</summary>
    public TimeSpan StartDelay => IntendedStart == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(IntendedStart, ActualStart);

    /// <summary>
    /// Time per output token after the first: (end − first token) ÷ (<see cref="TokenCount"/> − 1), as
    /// vLLM's and genai-perf's benchmarks define it, and as a goodput condition reads it from
    /// <c>requests.csv</c>; null without a first token, an end, or two tokens. Per token, not per
    /// delta: a server sending several tokens in a delta has a TPOT below its gaps.
    /// </summary>
    public TimeSpan? Tpot => FirstToken == 0 || End == 0 || TokenCount < 2
        ? null
        : Stopwatch.GetElapsedTime(FirstToken, End) / (TokenCount - 1);

    /// <summary>
    /// The mean time from <see cref="LatencyOrigin"/> to each content arrival, or null without one:
    /// when the average token arrived. A relay that holds tokens back and releases them together
    /// raises it while its gaps shrink; TTFT sees only the first token and ITL only the gaps.
    /// </summary>
    public TimeSpan? MeanContentArrival
    {
        get
        {
            if (_arrivalCount == 0)
            {
                return null;
            }

            long origin = LatencyOrigin;
            double sum = 0;
            foreach (long arrival in ContentArrivals)
            {
                sum += arrival - origin;
            }

            return Stopwatch.GetElapsedTime(0, (long)Math.Round(sum / _arrivalCount));
        }
    }

    /// <summary>Writes each gap between consecutive content arrivals into <paramref name="gaps"/>; returns how many.</summary>
    public int GetInterTokenGaps(Span<TimeSpan> gaps)
    {
        var arrivals = ContentArrivals;
        int n = Math.Max(0, arrivals.Length - 1);
        for (int i = 0; i < n && i < gaps.Length; i++)
        {
            gaps[i] = Stopwatch.GetElapsedTime(arrivals[i], arrivals[i + 1]);
        }

        return Math.Min(n, gaps.Length);
    }

    private long[] Arrivals
    {
        get
        {
            ObjectDisposedException.ThrowIf(_released, this);
            return _arrivals;
        }
    }

    private TimeSpan? Since(long timestamp) =>
        timestamp == 0 ? null : Stopwatch.GetElapsedTime(LatencyOrigin, timestamp);
}
