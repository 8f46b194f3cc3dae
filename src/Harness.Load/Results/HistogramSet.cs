using HdrHistogram;

namespace Harness.Load.Results;

/// <summary>
/// The histograms of a run, one per (transport, load point, metric), in HdrHistogram form
/// (3 significant digits, 1 µs to 1 hour). Saved as an HdrHistogram log (<c>histograms.hlog</c>)
/// whose tags name the series, so runs from several processes or machines merge exactly by adding
/// counts.
/// </summary>
public sealed class HistogramSet
{
    /// <summary>Largest trackable value: one hour in microseconds (and 3.6 M tokens/s in milli-tokens).</summary>
    public const long HighestTrackableValue = 3_600_000_000;

    /// <summary>Significant decimal digits kept: values are exact to within 0.1%.</summary>
    public const int SignificantDigits = 3;

    private readonly Dictionary<string, LongHistogram> _histograms = new(StringComparer.Ordinal);

    /// <summary>The tags present, <c>transport:loadPoint:metric</c>.</summary>
    public IEnumerable<string> Tags => _histograms.Keys;

    /// <summary>The tag of a series' metric.</summary>
    public static string TagOf(string transport, string loadPoint, string metric) => $"{transport}:{loadPoint}:{metric}";

    /// <summary>The histogram for a series' metric, created empty on first use.</summary>
    public LongHistogram Get(string transport, string loadPoint, string metric)
    {
        string tag = TagOf(transport, loadPoint, metric);
        if (!_histograms.TryGetValue(tag, out var histogram))
        {
            histogram = NewHistogram(tag);
            _histograms.Add(tag, histogram);
        }

        return histogram;
    }

    /// <summary>The histogram for a tag, or null.</summary>
    public LongHistogram? Find(string tag) => _histograms.GetValueOrDefault(tag);

    /// <summary>Records a latency (microsecond resolution; sub-microsecond values count as 1 µs).</summary>
    public static void Record(LongHistogram histogram, TimeSpan latency) =>
        histogram.RecordValue(Math.Clamp((long)Math.Round(latency.TotalMicroseconds), 1, HighestTrackableValue));

    /// <summary>Records a rate in tokens per second (kept in milli-tokens for resolution).</summary>
    public static void RecordRate(LongHistogram histogram, double tokensPerSecond) =>
        histogram.RecordValue(Math.Clamp((long)Math.Round(tokensPerSecond * 1000), 1, HighestTrackableValue));

    /// <summary>Summarises a histogram in its metric's unit.</summary>
    public static MetricSummary Summarize(HistogramBase histogram, string metric)
    {
        double scale = MetricNames.ScaleOf(metric);
        if (histogram.TotalCount == 0)
        {
            return new MetricSummary { Unit = MetricNames.UnitOf(metric) };
        }

        return new MetricSummary
        {
            Count = histogram.TotalCount,
            Unit = MetricNames.UnitOf(metric),
            Mean = histogram.GetMean() * scale,
            // The lowest value of the first bucket: a minimum is never above any value recorded (nor the mean).
            Min = histogram.LowestEquivalentValue(histogram.RecordedValues().Select(v => v.ValueIteratedTo).FirstOrDefault()) * scale,
            P50 = ValueAtPercentile(histogram, 50) * scale,
            P90 = ValueAtPercentile(histogram, 90) * scale,
            P95 = ValueAtPercentile(histogram, 95) * scale,
            P99 = ValueAtPercentile(histogram, 99) * scale,
            P999 = ValueAtPercentile(histogram, 99.9) * scale,
            Max = histogram.GetMaxValue() * scale,
        };
    }

    /// <summary>
    /// The 1-based rank of a percentile (0–100) among <paramref name="count"/> sorted values, by the
    /// nearest-rank rule: the smallest rank at or below which at least that share of the values lie,
    /// ⌈p·n⌉ (at least 1). The one rule for every percentile the harness reports, judges and
    /// compares; the reference (Java) HdrHistogram reads percentiles so, while the .NET port's
    /// <see cref="HistogramBase.GetValueAtPercentile"/> rounds p·n, one value lower where they differ
    /// (p99 of 60 values: the 59th, of which only 98.3 % lie at or below).
    /// </summary>
    public static long RankOf(double percentile, long count)
    {
        // One ulp below, as the reference does, so that p·n landing a hair above a whole number
        // through floating point does not push the rank one higher.
        double share = Math.Clamp(Math.BitDecrement(percentile), 0, 100) / 100.0;
        return Math.Clamp((long)Math.Ceiling(share * count), 1, Math.Max(count, 1));
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0–100) of <paramref name="histogram"/> by
    /// <see cref="RankOf"/>: the highest equivalent value of the bucket holding that rank, as
    /// HdrHistogram reports values; 0 when empty.
    /// </summary>
    public static long ValueAtPercentile(HistogramBase histogram, double percentile)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long count = histogram.TotalCount;
        if (count == 0)
        {
            return 0;
        }

        long rank = RankOf(percentile, count), seen = 0, last = 0;
        foreach (var bucket in histogram.RecordedValues())
        {
            seen += bucket.CountAtValueIteratedTo;
            last = bucket.ValueIteratedTo;
            if (seen >= rank)
            {
                break;
            }
        }

        return last;
    }

    /// <summary>A summary per metric of one series (tags <c>transport:loadPoint:metric</c>), empty histograms left out.</summary>
    public Dictionary<string, MetricSummary> SummariesOf(string transport, string loadPoint)
    {
        var summaries = new Dictionary<string, MetricSummary>(StringComparer.Ordinal);
        string prefix = TagOf(transport, loadPoint, string.Empty);
        foreach (var (tag, histogram) in _histograms)
        {
            if (histogram.TotalCount > 0 && tag.StartsWith(prefix, StringComparison.Ordinal))
            {
                string metric = tag[prefix.Length..];
                summaries[metric] = Summarize(histogram, metric);
            }
        }

        return summaries;
    }

    /// <summary>Adds every histogram of <paramref name="other"/> into this set (exact merge).</summary>
    public void Merge(HistogramSet other)
    {
        foreach (var (tag, histogram) in other._histograms)
        {
            if (!_histograms.TryGetValue(tag, out var mine))
            {
                mine = NewHistogram(tag);
                _histograms.Add(tag, mine);
            }

            mine.Add(histogram);
        }
    }

    /// <summary>Writes the set as an HdrHistogram log (plain ASCII), one tagged histogram per line.</summary>
    public void Save(Stream stream, DateTime startTimeUtc)
    {
        var nonEmpty = _histograms.Values.Where(h => h.TotalCount > 0).OrderBy(h => h.Tag, StringComparer.Ordinal);
        HistogramLogText.Write(stream, startTimeUtc, nonEmpty);
    }

    /// <summary>
    /// Reads a set written by <see cref="Save"/> (or any tagged HdrHistogram log). Whatever is wrong
    /// with the text (truncated, not a log, a line without a tag) is an <see cref="InvalidDataException"/>
    /// saying which histogram, in the log's order, did not read.
    /// </summary>
    public static HistogramSet Load(Stream stream)
    {
        var set = new HistogramSet();
        int read = 0;
        string? lastTag = null;
        try
        {
            using var reader = new HistogramLogReader(stream);
            foreach (var histogram in reader.ReadHistograms())
            {
                string tag = histogram.Tag ?? throw new InvalidDataException($"histogram {read + 1} has no Tag (a harness log tags each as transport:load:metric)");
                if (!set._histograms.TryGetValue(tag, out var mine))
                {
                    mine = NewHistogram(tag);
                    set._histograms.Add(tag, mine);
                }

                mine.Add(histogram);
                read++;
                lastTag = tag;
            }
        }
        catch (Exception ex) when (ex is not (InvalidDataException or OutOfMemoryException or OperationCanceledException))
        {
            // The library's reader throws whatever its parsing hits (format, index, overflow, zlib):
            // its message names the library's internals, so say where in the log it stopped instead.
            string where = read == 0 ? "its first histogram" : $"histogram {read + 1}, after {lastTag},";
            throw new InvalidDataException($"not a readable HdrHistogram log: {where} does not decode (truncated, edited, or not such a log)", ex);
        }

        return set;
    }

    /// <summary>
    /// The step to which a latency histogram reads a value near <paramref name="valueMs"/>, ms: the width
    /// of its bucket there (3 significant digits: 0.064 ms at 100 ms, 1.02 ms at one second). Two
    /// figures one step apart are not a measured difference.
    /// </summary>
    public static double StepMs(HistogramBase histogram, double valueMs)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return double.IsFinite(valueMs) && valueMs > 0
            ? histogram.SizeOfEquivalentValueRange(Math.Min((long)Math.Round(valueMs * 1000), HighestTrackableValue)) / 1000.0
            : 0;
    }

    /// <summary>An empty histogram with the harness's range and precision (µs, 3 significant digits).</summary>
    public static LongHistogram NewHistogram(string? tag = null) =>
        new(HighestTrackableValue, SignificantDigits) { Tag = tag };

    /// <summary>A new histogram holding every value of <paramref name="parts"/> (exact merge).</summary>
    public static LongHistogram Sum(IEnumerable<HistogramBase> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sum = NewHistogram();
        foreach (var part in parts)
        {
            sum.Add(part);
        }

        return sum;
    }
}
