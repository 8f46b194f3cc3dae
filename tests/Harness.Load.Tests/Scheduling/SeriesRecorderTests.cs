using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Scheduling;

public sealed class SeriesRecorderTests
{
    private static readonly long s_second = Stopwatch.Frequency;

    private static long At(double seconds) => (long)Math.Round(seconds * s_second);

    /// <summary>A request of one token per content delta, started at <paramref name="start"/> and ended at <paramref name="end"/> (seconds).</summary>
    private static RequestTimeline Request(double start, double end, IEnumerable<double> arrivals, RequestOutcome outcome = RequestOutcome.Ok)
    {
        var t = new RequestTimeline { Transport = Transport.Sse, ActualStart = At(start), End = At(end), Outcome = outcome };
        foreach (double a in arrivals)
        {
            t.RecordContent(At(a));
        }

        return t;
    }

    private static IEnumerable<double> Every(double first, double step, int count) => Enumerable.Range(0, count).Select(i => first + (i * step));

    private static SeriesRecorder Recorder(double windowStart, double windowEnd) =>
        new(new HistogramSet(), "sse", "c5", open: false, At(windowStart), At(windowEnd), maxRequestRows: 100);

    [Fact]
    public void InWindow_CountsOnlyWhatFellInsideTheWindow_AtBothEdges()
    {
        var recorder = Recorder(10, 20);
        // Wholly inside: 10 tokens, 1 success.
        recorder.RecordEnd(Request(12, 13.5, Every(12.5, 0.1, 10)), long.MaxValue);
        // Runs past the end (the drain): 5 of its 10 tokens, and 1 of its 2 seconds.
        recorder.RecordEnd(Request(19, 21, Every(19.1, 0.2, 10)), long.MaxValue);
        // Failed across the end: its 1 token inside counts, its success share is 0.
        recorder.RecordEnd(Request(19.5, 20.6, [19.6, 20.5], RequestOutcome.Truncated), long.MaxValue);
        // Warm-up running into the window: 2 of 4 tokens, and 1.5 of its 2 seconds.
        recorder.RecordWarmUpEnd(Request(9.5, 11.5, [9.6, 9.8, 10.2, 10.6]));
        // Warm-up over before the window: nothing.
        recorder.RecordWarmUpEnd(Request(5, 7, [6]));

        var (tokens, succeeded) = recorder.InWindow();

        Assert.Equal(10 + 5 + 1 + 2, tokens, 9);
        Assert.Equal(1 + 0.5 + 0.75, succeeded, 9);
        // The whole-count figures the window replaced: 22 tokens, 2 successes.
        Assert.Equal(22, recorder.Complete().Tokens);
    }

    [Fact]
    public void InWindow_UsesUsageTokens_SpreadOverTheDeltas()
    {
        var recorder = Recorder(0, 1);
        var t = Request(0.5, 1.5, Every(0.6, 0.2, 4)); // 2 of 4 deltas inside
        t.Usage = new Harness.Core.OpenAI.ChatUsage(PromptTokens: 1, CompletionTokens: 40, TotalTokens: 41);
        recorder.RecordEnd(t, long.MaxValue);

        Assert.Equal(20, recorder.InWindow().Tokens, 9);
    }

    [Fact]
    public void Tpot_IsPerTokenAfterTheFirst_OfSuccessfulRequestsOnly()
    {
        var histograms = new HistogramSet();
        var recorder = new SeriesRecorder(histograms, "sse", "c5", open: false, At(0), At(10), maxRequestRows: 100);
        // 5 deltas 0.1 s apart ending 0.1 s after the last, but usage says 21 tokens: 0.5 s over 20.
        var t = Request(1, 1.6, Every(1.1, 0.1, 5));
        t.Usage = new Harness.Core.OpenAI.ChatUsage(PromptTokens: 1, CompletionTokens: 21, TotalTokens: 22);
        recorder.RecordEnd(t, long.MaxValue);
        // Cut off mid-stream: its gaps are real, but no TPOT of a stream that did not finish.
        recorder.RecordEnd(Request(2, 3, Every(2.1, 0.01, 5), RequestOutcome.Truncated), long.MaxValue);

        var tpot = histograms.Get("sse", "c5", MetricNames.Tpot);
        Assert.Equal(1, tpot.TotalCount);
        Assert.Equal(25, tpot.GetValueAtPercentile(50) / 1000.0, 0.05);
        Assert.Equal(t.Tpot!.Value.TotalMilliseconds, recorder.Complete().Requests[0].ValueOf(MetricNames.Tpot)!.Value, 6); // as requests.csv reads it
        Assert.Equal(8, histograms.Get("sse", "c5", MetricNames.Itl).TotalCount);
    }

    [Fact]
    public void AConnectionThatNeverBecameUsable_IsCountedAsFailed_NotTimed()
    {
        var histograms = new HistogramSet();
        var recorder = new SeriesRecorder(histograms, "sse", "c5", open: false, At(0), At(10), maxRequestRows: 100);
        var opened = Request(1, 2, Every(1.1, 0.1, 5));
        (opened.ConnectStarted, opened.ConnectCompleted, opened.TcpConnectDuration) = (true, true, TimeSpan.FromMilliseconds(1));
        var refused = Request(2, 2.001, [], RequestOutcome.ConnectError);
        refused.ConnectStarted = true;
        var handshakeFailed = Request(3, 3.01, [], RequestOutcome.ConnectError); // DNS and TCP done, TLS failed
        (handshakeFailed.ConnectStarted, handshakeFailed.DnsDuration, handshakeFailed.TcpConnectDuration) = (true, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        var resetOnReuse = Request(4, 4.001, [], RequestOutcome.ConnectError); // a pooled connection broke: no connect of its own
        resetOnReuse.ConnectionReused = true;
        foreach (var t in new[] { opened, refused, handshakeFailed, resetOnReuse })
        {
            recorder.RecordEnd(t, long.MaxValue);
        }

        Assert.Equal((2L, 1L), (recorder.FailedConnects, recorder.FailedTlsHandshakes));
        Assert.Equal(1, histograms.Get("sse", "c5", MetricNames.Connect).TotalCount); // the opened one only, not the failed handshake's 1 ms
        Assert.Empty(recorder.ConnectSamples()); // no start kept for it: a timeline from before the probe stamped one

        var timed = Request(5, 6, Every(5.1, 0.1, 5));
        (timed.ConnectStart, timed.TcpConnectDuration, timed.TlsHandshakeDuration) = (At(5), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));
        recorder.RecordEnd(timed, long.MaxValue);
        Assert.Equal(new ConnectSample(At(5), TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(2)), Assert.Single(recorder.ConnectSamples()));
    }

    [Fact]
    public void CloseWindowAt_EndsTheWindowWhereTheRunWasStopped()
    {
        var recorder = Recorder(10, 20);
        recorder.CloseWindowAt(At(15));
        recorder.CloseWindowAt(At(18)); // a later stop never reopens it
        recorder.RecordEnd(Request(12, 13.5, Every(12.5, 0.1, 10)), long.MaxValue);
        recorder.RecordEnd(Request(14, 16, Every(14.1, 0.2, 10)), long.MaxValue);

        Assert.Equal(new MeasuredWindow(At(10), At(15)), recorder.Window);
        Assert.Equal(10 + 5, recorder.InWindow().Tokens, 9);
        Assert.Equal(1 + 0.5, recorder.InWindow().Succeeded, 9);
    }

    /// <summary>
    /// The closed model as the reproduced run had it, on exact timelines: <paramref name="copies"/>
    /// streams from the window's start (no warm-up), each request 100 ms to its first token then 50
    /// tokens 20 ms apart, sent again at once; every request started in the window runs to its end.
    /// Returns the series of <paramref name="rounds"/> such windows laid end to end.
    /// </summary>
    private static SeriesResult ClosedRun(int copies, double windowSeconds, int rounds)
    {
        const double Ttft = 0.1, Itl = 0.02;
        const int Tokens = 50;
        double length = Ttft + ((Tokens - 1) * Itl); // 1.08 s: it ends with its last token
        var parts = new List<LoadSeriesRun>();
        for (int round = 0; round < rounds; round++)
        {
            const double From = 100; // a timestamp of 0 means "did not happen"
            var recorder = Recorder(From, From + windowSeconds);
            for (int copy = 0; copy < copies; copy++)
            {
                for (double start = From; start < From + windowSeconds; start += length)
                {
                    recorder.RecordStart(At(start), -1);
                    recorder.RecordEnd(Request(start, start + length, Every(start + Ttft, Itl, Tokens)), long.MaxValue);
                }
            }

            var (_, _, outcomes, tokens, _) = recorder.Complete();
            var (windowTokens, windowSucceeded) = recorder.InWindow();
            var series = new SeriesResult
            {
                Transport = "sse",
                LoadPoint = "c5",
                Concurrency = copies,
                DurationSeconds = windowSeconds,
                Requests = recorder.Started,
                Outcomes = outcomes,
                Tokens = tokens,
                WindowTokens = windowTokens,
                WindowSucceeded = windowSucceeded,
            };
            parts.Add(new LoadSeriesRun { Series = series, Histograms = new HistogramSet(), TimeSeries = [], Requests = [], Saturation = new SaturationStatus() });
        }

        return SeriesRounds.Merge(parts, rounds).Series;
    }

    [Fact]
    public void ShortClosedRun_RatesStayNearALongRunsRates_WhereWholeCountsTripledThem()
    {
        var longRun = ClosedRun(copies: 5, windowSeconds: 60, rounds: 1);
        var shortRun = ClosedRun(copies: 5, windowSeconds: 1.0 / 3, rounds: 3);
        double steadyTokens = longRun.TokenRate()!.Value, steadyRequests = longRun.SucceededRate()!.Value;
        Assert.InRange(steadyTokens, 229, 233); // 5 × 50 tokens per 1.08 s
        Assert.InRange(steadyRequests, 4.6, 4.65);

        // No warm-up: each round's first 100 ms hold no tokens, so a third of a second holds 12 per stream.
        Assert.InRange(shortRun.TokenRate()!.Value / steadyTokens, 0.75, 1.25);
        Assert.InRange(shortRun.SucceededRate()!.Value / steadyRequests, 0.95, 1.05);
        // Whole counts over the window: 750 tokens/s and 15 requests/s, over three times the rate.
        Assert.Equal(750, shortRun.Tokens / shortRun.DurationSeconds, 6);
        Assert.True(shortRun.Tokens / shortRun.DurationSeconds / steadyTokens > 3);
        Assert.True(shortRun.Succeeded / shortRun.DurationSeconds / steadyRequests > 3);
        // Summed over the rounds, as the rates need.
        Assert.Equal(shortRun.WindowTokens, shortRun.Rounds!.Sum(r => r.WindowTokens));
    }
}
