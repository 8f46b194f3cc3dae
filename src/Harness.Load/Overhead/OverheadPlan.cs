using Harness.Clients;

namespace Harness.Load.Overhead;

/// <summary>
/// What <see cref="OverheadRunner"/> sends: the same requests through a direct endpoint and through
/// a relay, in pairs, under a closed load (<see cref="Concurrency"/> pairs at a time) or an open one
/// (<see cref="RatePerSecond"/> pairs started per second).
/// </summary>
public sealed record OverheadPlan
{
    /// <summary>The default seed of the pair order (and of the bootstrap judging the result).</summary>
    public const int DefaultSeed = 20240601;

    /// <summary>The transport both endpoints are reached over.</summary>
    public required Transport Transport { get; init; }

    /// <summary>The requests, cycled; pair k sends request k mod n through both endpoints.</summary>
    public required IReadOnlyList<ChatRequest> Requests { get; init; }

    /// <summary>Closed model: pairs in flight at once (ignored with <see cref="RatePerSecond"/>).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Open model: pairs started per second, whatever is in flight (up to <see cref="MaxInFlightPairs"/>).</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>How long new pairs are started (pairs in flight then finish).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most measured pairs.</summary>
    public long MaxPairs { get; init; } = 100_000;

    /// <summary>Open model: a pair due while this many are in flight is skipped and counted, never queued.</summary>
    public int MaxInFlightPairs { get; init; } = 1000;

    /// <summary>A new connection for every request (connect time, and TLS, in every latency).</summary>
    public bool Cold { get; init; }

    /// <summary>Seed of the pair order.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The load point label: <c>c8</c> or <c>r20</c>.</summary>
    public string LoadPoint => RatePerSecond is double rate
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r{rate:0.###}")
        : $"c{Concurrency}";

    /// <summary>
    /// Pairs run first and not measured: one per closed-model worker (its first pair opens its warm
    /// connections and meets the JIT), one in the open model.
    /// </summary>
    public int WarmUpPairs => RatePerSecond is null ? Concurrency : 1;

    /// <summary>Throws <see cref="ArgumentException"/> for a plan that cannot run.</summary>
    public void Validate()
    {
        if (Requests.Count == 0)
        {
            throw new ArgumentException("an overhead plan needs at least one request");
        }

        if (RatePerSecond is double rate ? !(rate > 0) : Concurrency < 1)
        {
            throw new ArgumentException("an overhead plan needs a concurrency of at least 1 or a rate above 0");
        }

        if (Duration <= TimeSpan.Zero || MaxPairs < 1 || MaxInFlightPairs < 1)
        {
            throw new ArgumentException("an overhead plan needs a duration above 0 and at least one pair");
        }
    }
}
