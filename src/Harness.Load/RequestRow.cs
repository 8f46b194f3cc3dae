using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Clients;
using Harness.Clients.Redaction;
using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// One row of <c>requests.csv</c> (columns as <see cref="ResultsDirectory.RequestsHeader"/>): one
/// measured request. Times are milliseconds; start times from the series' measured start; latencies
/// from the intended start (open model) or the actual start; null means "did not happen".
/// </summary>
public sealed record RequestRow
{
    /// <summary>Columns per line.</summary>
    public const int ColumnCount = 20;

    /// <summary>Transport short name.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point label.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>When the request should have started (the actual start when unscheduled).</summary>
    public double? IntendedStartMs { get; init; }

    /// <summary>When it started.</summary>
    public double? ActualStartMs { get; init; }

    /// <summary>True when it ran on a connection opened earlier.</summary>
    public bool ConnectionReused { get; init; }

    /// <summary>DNS + TCP + TLS on a new connection; null on a reused one.</summary>
    public double? ConnectMs { get; init; }

    /// <summary>The TLS handshake, when there was one.</summary>
    public double? TlsMs { get; init; }

    /// <summary>Time to the response headers (HTTP) or the completed upgrade (WebSocket).</summary>
    public double? TtfbMs { get; init; }

    /// <summary>Time to the first chunk of any kind.</summary>
    public double? TtfcMs { get; init; }

    /// <summary>Time to the first non-empty content.</summary>
    public double? TtftMs { get; init; }

    /// <summary>Time to the end of the stream or the failure.</summary>
    public double? E2eMs { get; init; }

    /// <summary>Output tokens (the server's usage when it sent one, else content deltas).</summary>
    public long Tokens { get; init; }

    /// <summary>Non-empty content deltas received.</summary>
    public int ContentDeltas { get; init; }

    /// <summary>Chunks (events or messages) received.</summary>
    public int Chunks { get; init; }

    /// <summary>How the request ended.</summary>
    public RequestOutcome Outcome { get; init; }

    /// <summary>The HTTP status, when there was a response.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The WebSocket close code, when the server closed.</summary>
    public int? WebSocketCloseCode { get; init; }

    /// <summary>Which timeout ended it (<see cref="TimeoutPhase.None"/>: none did).</summary>
    public TimeoutPhase TimeoutPhase { get; init; }

    /// <summary>Retries made for 429/503 before the final attempt.</summary>
    public int Retries { get; init; }

    /// <summary>Time spent waiting between those attempts.</summary>
    public double RetryWaitMs { get; init; }

    /// <summary>The row of a finished timeline; <paramref name="origin"/> is the series' measured start, <paramref name="end"/> when it ended.</summary>
    public static RequestRow From(RequestTimeline t, string transport, string loadPoint, long origin, long end)
    {
        ArgumentNullException.ThrowIfNull(t);
        double? Ms(long ts) => ts == 0 ? null : (ts - origin) * 1000.0 / Stopwatch.Frequency;
        return new RequestRow
        {
            Transport = transport,
            LoadPoint = loadPoint,
            IntendedStartMs = Ms(t.IntendedStart != 0 ? t.IntendedStart : t.ActualStart),
            ActualStartMs = Ms(t.ActualStart),
            ConnectionReused = t.ConnectionReused,
            ConnectMs = t.ConnectionReused ? null : t.ConnectCost.TotalMilliseconds,
            TlsMs = t.TlsHandshakeDuration?.TotalMilliseconds,
            TtfbMs = t.Ttfb?.TotalMilliseconds,
            TtfcMs = t.TimeToFirstChunk?.TotalMilliseconds,
            TtftMs = t.Ttft?.TotalMilliseconds,
            E2eMs = Stopwatch.GetElapsedTime(t.LatencyOrigin, end).TotalMilliseconds,
            Tokens = t.TokenCount,
            ContentDeltas = t.ContentDeltaCount,
            Chunks = t.ChunkCount,
            Outcome = t.Outcome,
            HttpStatus = t.HttpStatus,
            WebSocketCloseCode = t.WebSocketCloseCode,
            TimeoutPhase = t.TimeoutPhase,
            Retries = t.Retries,
            RetryWaitMs = t.RetryWait.TotalMilliseconds,
        };
    }

    /// <summary>The value of a per-request metric (<see cref="MetricNames"/>; <c>tpot</c>: time per output token after the first, as <see cref="RequestTimeline.Tpot"/>); null when the row has none.</summary>
    public double? ValueOf(string metric) => metric switch
    {
        MetricNames.Ttfb => TtfbMs,
        MetricNames.Ttfc => TtfcMs,
        MetricNames.Ttft => TtftMs,
        MetricNames.EndToEnd => E2eMs,
        MetricNames.Tpot => Tokens > 1 && E2eMs is double e && TtftMs is double t ? (e - t) / (Tokens - 1) : null,
        _ => null,
    };

    /// <summary>The CSV line (without its newline).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder(160);
        sb.Append(Csv.Escape(Transport)).Append(',').Append(Csv.Escape(LoadPoint)).Append(',')
            .Append(Ms(IntendedStartMs)).Append(',')
            .Append(Ms(ActualStartMs)).Append(',')
            .Append(ConnectionReused ? "true" : "false").Append(',')
            .Append(Ms(ConnectMs)).Append(',')
            .Append(Ms(TlsMs)).Append(',')
            .Append(Ms(TtfbMs)).Append(',')
            .Append(Ms(TtfcMs)).Append(',')
            .Append(Ms(TtftMs)).Append(',')
            .Append(Ms(E2eMs)).Append(',')
            .Append(Tokens.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(ContentDeltas.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Chunks.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Outcome.ToName()).Append(',')
            .Append(HttpStatus?.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(WebSocketCloseCode?.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(TimeoutPhase == TimeoutPhase.None ? string.Empty : TimeoutPhase.ToName()).Append(',')
            .Append(Retries.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Ms(RetryWaitMs));
        return sb.ToString();
    }

    /// <summary>Parses a line written by <see cref="ToCsv"/>; anything else is an <see cref="InvalidDataException"/> naming the cell.</summary>
    public static RequestRow Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var cells = Csv.Split(line);
        if (cells.Count != ColumnCount)
        {
            throw new InvalidDataException($"requests.csv: expected {ColumnCount} columns, got {cells.Count}");
        }

        return new RequestRow
        {
            Transport = cells[0],
            LoadPoint = cells[1],
            IntendedStartMs = OptionalNumber(cells[2], "intended_start_ms"),
            ActualStartMs = OptionalNumber(cells[3], "actual_start_ms"),
            ConnectionReused = cells[4] switch
            {
                "true" => true,
                "false" => false,
                _ => throw Bad("connection_reused", cells[4]),
            },
            ConnectMs = OptionalNumber(cells[5], "connect_ms"),
            TlsMs = OptionalNumber(cells[6], "tls_ms"),
            TtfbMs = OptionalNumber(cells[7], "ttfb_ms"),
            TtfcMs = OptionalNumber(cells[8], "ttfc_ms"),
            TtftMs = OptionalNumber(cells[9], "ttft_ms"),
            E2eMs = OptionalNumber(cells[10], "e2e_ms"),
            Tokens = Count(cells[11], "tokens"),
            ContentDeltas = Int(cells[12], "content_deltas"),
            Chunks = Int(cells[13], "chunks"),
            Outcome = OutcomeNames.TryParse(cells[14], out RequestOutcome outcome) ? outcome : throw Bad("outcome", cells[14]),
            HttpStatus = OptionalInt(cells[15], "http_status"),
            WebSocketCloseCode = OptionalInt(cells[16], "ws_close_code"),
            TimeoutPhase = cells[17].Length == 0 ? TimeoutPhase.None
                : OutcomeNames.TryParse(cells[17], out TimeoutPhase phase) && phase != TimeoutPhase.None ? phase
                : throw Bad("timeout_phase", cells[17]),
            Retries = Int(cells[18], "retries"),
            RetryWaitMs = OptionalNumber(cells[19], "retry_wait_ms") ?? throw Bad("retry_wait_ms", cells[19]),
        };
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;

    private static double? OptionalNumber(string cell, string column) =>
        cell.Length == 0 ? null
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
        : throw Bad(column, cell);

    private static int? OptionalInt(string cell, string column) =>
        cell.Length == 0 ? null
        : int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
        : throw Bad(column, cell);

    private static int Int(string cell, string column) =>
        int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(column, cell);

    private static long Count(string cell, string column) =>
        long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : throw Bad(column, cell);

    private static InvalidDataException Bad(string column, string cell) =>
        new($"requests.csv: {column} '{SecretRedactor.RedactThenClip(cell, 40, "...")}' is not what this harness writes");
}
