using System.Buffers;
using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Results;
using HdrHistogram;

namespace Harness.Load.Overhead;

/// <summary>
/// What one endpoint of an overhead run measured: a histogram per metric (successful requests only;
/// a fast error is not a fast answer), the outcome of every request, and how many successful answers
/// were streamed or held back and sent at once (a buffering relay). Guarded by the owning
/// <see cref="OverheadSamples"/>' lock.
/// </summary>
public sealed class OverheadSide
{
    private readonly Dictionary<string, LongHistogram> _histograms = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private long _succeeded;

    internal OverheadSide(string name)
    {
        Name = name;
        foreach (string metric in OverheadSamples.Metrics)
        {
            _histograms[metric] = HistogramSet.NewHistogram($"{name}:{metric}");
        }
    }

    /// <summary><c>direct</c> or <c>via</c>.</summary>
    public string Name { get; }

    /// <summary>Measured requests sent through this endpoint.</summary>
    public long Requests { get; private set; }

    /// <summary>Measured requests that did not end <c>ok</c>.</summary>
    public long Failures => Requests - _succeeded;

    /// <summary>Requests per outcome with its detail (<c>ok</c>, <c>http_error(502)</c>, <c>timeout(first_token)</c>, ...), those that happened only.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => new Dictionary<string, long>(_outcomes, StringComparer.Ordinal);

    /// <summary>The first measured request through this endpoint that failed, as "outcome: what happened"; null when none did.</summary>
    public string? FirstFailure { get; private set; }

    /// <summary>
    /// Successful requests long enough to judge whether their answer was streamed
    /// (<see cref="Incrementality.IsIncremental"/>); a failed or too short one is not judged.
    /// </summary>
    public long JudgedStreams { get; private set; }

    /// <summary>Of <see cref="JudgedStreams"/>, those whose content came all at once: held back and sent together.</summary>
    public long BufferedStreams { get; private set; }

    /// <summary>
    /// True when this side held most of its judged answers back (<see cref="BufferedAnswers.Mostly(long, long)"/>):
    /// its TTFT is then the whole generation and its gaps time its writes.
    /// </summary>
    public bool MostlyBuffered => BufferedAnswers.Mostly(BufferedStreams, JudgedStreams);

    /// <summary>The histogram of <paramref name="metric"/> (one of <see cref="OverheadSamples.Metrics"/>), in microseconds.</summary>
    public LongHistogram Histogram(string metric) => _histograms[metric];

    /// <summary>Records one finished request (<paramref name="outcomeText"/>: its outcome with detail; <paramref name="streamed"/>: <see cref="BufferedAnswers.Judge"/>); <paramref name="values"/> gets its per-request figures (ms, NaN when absent).</summary>
    internal void Record(RequestTimeline t, string outcomeText, bool? streamed, Span<double> values)
    {
        Count(t.Outcome, outcomeText, streamed);
        FirstFailure ??= OutcomeNames.FailureOf(t, outcomeText);

        Measure(t, values);
        for (int i = 0; i < values.Length; i++)
        {
            string metric = OverheadSamples.Metrics[i];
            if (metric == MetricNames.Itl)
            {
                if (t.Outcome == RequestOutcome.Ok)
                {
                    var arrivals = t.ContentArrivals;
                    for (int k = 1; k < arrivals.Length; k++)
                    {
                        HistogramSet.Record(_histograms[metric], Stopwatch.GetElapsedTime(arrivals[k - 1], arrivals[k]));
                    }
                }
            }
            else if (!double.IsNaN(values[i]))
            {
                HistogramSet.Record(_histograms[metric], TimeSpan.FromMilliseconds(values[i]));
            }
        }
    }

    /// <summary>Counts one request's outcome, <paramref name="text"/> with its detail, and its answer's <see cref="BufferedAnswers.Judge"/> judgement (its figures go to the histograms separately).</summary>
    internal void Count(RequestOutcome outcome, string text, bool? streamed)
    {
        Requests++;
        _succeeded += outcome == RequestOutcome.Ok ? 1 : 0;
        _outcomes[text] = _outcomes.GetValueOrDefault(text) + 1;
        if (streamed is { } incremental)
        {
            JudgedStreams++;
            BufferedStreams += incremental ? 0 : 1;
        }
    }

    /// <summary>
    /// The per-request figures of a timeline in <see cref="OverheadSamples.Metrics"/> order, ms; NaN
    /// for what it does not have. Connect only when the request opened a connection; the rest only
    /// for a successful request; ITL as the request's median gap (a pair compares like with like).
    /// </summary>
    internal static void Measure(RequestTimeline t, Span<double> values)
    {
        values.Fill(double.NaN);
        for (int i = 0; i < values.Length; i++)
        {
            string metric = OverheadSamples.Metrics[i];
            if (metric == MetricNames.Connect)
            {
                values[i] = !t.ConnectionReused && t.ConnectCost > TimeSpan.Zero ? t.ConnectCost.TotalMilliseconds : double.NaN;
                continue;
            }

            if (t.Outcome != RequestOutcome.Ok)
            {
                continue;
            }

            values[i] = metric switch
            {
                MetricNames.Ttfb => Ms(t.Ttfb),
                MetricNames.Ttft => Ms(t.Ttft),
                MetricNames.EndToEnd => Ms(t.EndToEnd),
                MetricNames.Itl => MedianGapMs(t.ContentArrivals),
                MetricNames.Arrival => Ms(t.MeanContentArrival),
                _ => double.NaN,
            };
        }
    }

    private static double Ms(TimeSpan? value) => value is { } v ? v.TotalMilliseconds : double.NaN;

    private static double MedianGapMs(ReadOnlySpan<long> arrivals)
    {
        int n = arrivals.Length - 1;
        if (n < 1)
        {
            return double.NaN;
        }

        long[] rented = ArrayPool<long>.Shared.Rent(n);
        try
        {
            var gaps = rented.AsSpan(0, n);
            for (int k = 0; k < n; k++)
            {
                gaps[k] = arrivals[k + 1] - arrivals[k];
            }

            gaps.Sort();
            double ticks = n % 2 == 1 ? gaps[n / 2] : (gaps[(n / 2) - 1] + gaps[n / 2]) / 2.0;
            return ticks * 1000.0 / Stopwatch.Frequency;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }
}
