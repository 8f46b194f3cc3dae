using System.Diagnostics;

namespace Harness.Fakes;

/// <summary>
/// A lock-free histogram of event lateness: 1 µs buckets up to 10 ms, 100 µs buckets up to 10 s
/// (later events land in the last bucket; <see cref="LatenessSnapshot.Max"/> stays exact). Thread-safe.
/// </summary>
public sealed class LatenessRecorder
{
    private const int FineLimitMicros = 10_000;
    private const int CoarseStepMicros = 100;
    private const int BucketCount = FineLimitMicros + ((10_000_000 - FineLimitMicros) / CoarseStepMicros) + 1;
    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    /// <summary>Records one event that was due at <paramref name="dueTimestamp"/> (a <see cref="Stopwatch"/> timestamp) and leaves now.</summary>
    public void RecordSince(long dueTimestamp) => Record(Stopwatch.GetElapsedTime(dueTimestamp));

    /// <summary>Records one lateness value (negative counts as zero).</summary>
    public void Record(TimeSpan lateness)
    {
        var micros = Math.Max(0L, lateness.Ticks / 10);
        var bucket = micros < FineLimitMicros ? micros : FineLimitMicros + ((micros - FineLimitMicros) / CoarseStepMicros);
        Interlocked.Increment(ref _buckets[Math.Min(bucket, BucketCount - 1)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);
        long max;
        while (micros > (max = Volatile.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
        }
    }

    /// <summary>Forgets everything recorded so far.</summary>
    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _sumMicros, 0);
        Interlocked.Exchange(ref _maxMicros, 0);
    }

    /// <summary>The percentiles so far (approximately consistent while events are being recorded).</summary>
    public LatenessSnapshot Snapshot()
    {
        var counts = new long[BucketCount];
        long total = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            counts[i] = Volatile.Read(ref _buckets[i]);
            total += counts[i];
        }

        var max = Volatile.Read(ref _maxMicros);
        return new LatenessSnapshot(
            total,
            Micros(Percentile(counts, total, 0.50)),
            Micros(Percentile(counts, total, 0.99)),
            Micros(Percentile(counts, total, 0.999)),
            Micros(max),
            total == 0 ? TimeSpan.Zero : Micros(Volatile.Read(ref _sumMicros) / total));
    }

    /// <summary>Every non-empty bucket so far, smallest first: its lower bound and its count (to add windows exactly).</summary>
    public IEnumerable<(TimeSpan Lateness, long Count)> Buckets()
    {
        for (var i = 0; i < BucketCount; i++)
        {
            long count = Volatile.Read(ref _buckets[i]);
            if (count > 0)
            {
                yield return (Micros(BucketMicros(i)), count);
            }
        }
    }

    private static long Percentile(long[] counts, long total, double q)
    {
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return BucketMicros(i);
            }
        }

        return BucketMicros(counts.Length - 1);
    }

    private static long BucketMicros(int bucket) =>
        bucket < FineLimitMicros ? bucket : FineLimitMicros + ((long)(bucket - FineLimitMicros) * CoarseStepMicros);

    private static TimeSpan Micros(long micros) => TimeSpan.FromTicks(micros * 10);
}
