using System.Diagnostics;
using System.Text.Json;

namespace Harness.Clients;

/// <summary>Writes a <see cref="RequestTimeline"/> as JSON (what <c>stream --json</c> prints); durations in milliseconds from the latency origin.</summary>
public static class RequestTimelineJson
{
    /// <summary>
    /// Writes one timeline object; <paramref name="includeArrivals"/> adds every token's arrival
    /// time, <paramref name="resolution"/> the harness's error bound while it was measured, and
    /// <paramref name="more"/> writes further properties of the caller's into the object.
    /// </summary>
    public static void Write(Utf8JsonWriter w, RequestTimeline t, bool includeArrivals = true, HarnessResolution? resolution = null, Action<Utf8JsonWriter>? more = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(t);
        w.WriteStartObject();
        w.WriteString("transport"u8, t.Transport.ToName());
        w.WriteString("outcome"u8, OutcomeNames.Describe(t));
        if (t.ErrorMessage is not null)
        {
            w.WriteString("error"u8, t.ErrorMessage);
        }

        Number(w, "http_status"u8, t.HttpStatus);
        Number(w, "ws_close_code"u8, t.WebSocketCloseCode);
        if (t.TimeoutPhase != TimeoutPhase.None)
        {
            w.WriteString("timeout_phase"u8, t.TimeoutPhase.ToName());
        }

        w.WriteBoolean("connection_reused"u8, t.ConnectionReused);
        Ms(w, "dns_ms"u8, t.DnsDuration);
        Ms(w, "tcp_connect_ms"u8, t.TcpConnectDuration);
        Ms(w, "tls_handshake_ms"u8, t.TlsHandshakeDuration);
        Ms(w, "start_delay_ms"u8, t.StartDelay);
        Ms(w, "request_written_ms"u8, At(t, t.RequestWritten));
        Ms(w, "ttfb_ms"u8, t.Ttfb);
        Ms(w, "first_byte_ms"u8, At(t, t.FirstByte));
        Ms(w, "time_to_first_chunk_ms"u8, t.TimeToFirstChunk);
        Ms(w, "ttft_ms"u8, t.Ttft);
        Ms(w, "time_to_first_reasoning_ms"u8, t.TimeToFirstReasoningToken);
        Ms(w, "end_to_end_ms"u8, t.EndToEnd);
        Ms(w, "tpot_ms"u8, t.Tpot);
        w.WriteNumber("chunks"u8, t.ChunkCount);
        w.WriteNumber("content_deltas"u8, t.ContentDeltaCount);
        w.WriteNumber("tokens"u8, t.TokenCount);
        w.WriteString("token_source"u8, t.TokenSource.ToName());
        w.WriteNumber("token_count_discrepancy"u8, t.TokenCountDiscrepancy);
        if (t.CountedTokens is long counted)
        {
            w.WriteNumber("counted_tokens"u8, counted);
            w.WriteString("tokenizer"u8, t.Tokenizer);
        }

        if (t.UsageCountDifference is long difference)
        {
            // Counted minus usage, and that relative to usage: the mismatch report of one request.
            w.WriteStartObject("usage_vs_counted"u8);
            w.WriteNumber("difference"u8, difference);
            w.WriteNumber("relative_difference"u8, Math.Round(t.UsageCountRelativeDifference!.Value, 6));
            w.WriteEndObject();
        }
        w.WriteNumber("malformed"u8, t.MalformedCount);
        w.WriteBoolean("saw_done"u8, t.SawDone);
        if (t.FinishReason is not null)
        {
            w.WriteString("finish_reason"u8, t.FinishReason);
        }

        if (t.Usage is { } usage)
        {
            w.WriteStartObject("usage"u8);
            w.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
            w.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
            w.WriteNumber("total_tokens"u8, usage.TotalTokens);
            w.WriteEndObject();
        }

        w.WriteNumber("retries"u8, t.Retries);
        Ms(w, "retry_wait_ms"u8, t.RetryWait);
        var gaps = Gaps(t);
        if (gaps.Length > 0)
        {
            Array.Sort(gaps);
            w.WriteStartObject("inter_token_ms"u8);
            w.WriteNumber("count"u8, gaps.Length);
            w.WriteNumber("p50"u8, Round(Percentile(gaps, 0.50)));
            w.WriteNumber("p90"u8, Round(Percentile(gaps, 0.90)));
            w.WriteNumber("p99"u8, Round(Percentile(gaps, 0.99)));
            w.WriteNumber("max"u8, Round(gaps[^1]));
            w.WriteEndObject();
        }

        if (includeArrivals)
        {
            w.WriteStartArray("token_arrivals_ms"u8);
            foreach (var a in t.ContentArrivals)
            {
                w.WriteNumberValue(Round(Stopwatch.GetElapsedTime(t.LatencyOrigin, a).TotalMilliseconds));
            }

            w.WriteEndArray();
        }

        if (resolution is not null)
        {
            w.WriteStartObject("resolution"u8);
            w.WriteNumber("bound_ms"u8, Round(resolution.BoundMs));
            w.WriteNumber("lag_p99_ms"u8, Round(resolution.LagP99Ms));
            w.WriteNumber("lag_samples"u8, resolution.LagSamples);
            if (resolution.FakeLateP99Ms is double fake)
            {
                w.WriteNumber("fake_late_p99_ms"u8, Round(fake));
            }

            w.WriteEndObject();
        }

        more?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>The gaps between consecutive content arrivals, in milliseconds, in arrival order.</summary>
    public static double[] Gaps(RequestTimeline t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var arrivals = t.ContentArrivals;
        var gaps = new double[Math.Max(0, arrivals.Length - 1)];
        for (var i = 0; i < gaps.Length; i++)
        {
            gaps[i] = Stopwatch.GetElapsedTime(arrivals[i], arrivals[i + 1]).TotalMilliseconds;
        }

        return gaps;
    }

    /// <summary>Nearest-rank percentile of sorted values (0 for none).</summary>
    public static double Percentile(double[] sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static TimeSpan? At(RequestTimeline t, long timestamp) =>
        timestamp == 0 ? null : Stopwatch.GetElapsedTime(t.LatencyOrigin, timestamp);

    private static double Round(double ms) => Math.Round(ms, 3);

    private static void Ms(Utf8JsonWriter w, ReadOnlySpan<byte> name, TimeSpan? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Round(v.TotalMilliseconds));
        }
    }

    private static void Number(Utf8JsonWriter w, ReadOnlySpan<byte> name, int? value)
    {
        if (value is int v)
        {
            w.WriteNumber(name, v);
        }
    }
}
