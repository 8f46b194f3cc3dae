using System.Globalization;

namespace Harness.Load.Overhead;

/// <summary>A snapshot of a running overhead measurement, for a progress line every few seconds.</summary>
public sealed record OverheadProgress
{
    /// <summary>Transport short name.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point label.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Measured pairs finished so far.</summary>
    public long Pairs { get; init; }

    /// <summary>Failed requests through the direct endpoint so far.</summary>
    public long DirectFailures { get; init; }

    /// <summary>Failed requests through the relay so far.</summary>
    public long ViaFailures { get; init; }

    /// <summary>Direct TTFT p50 so far, ms (null before the first token).</summary>
    public double? DirectTtftP50Ms { get; init; }

    /// <summary>Relayed TTFT p50 so far, ms (null before the first token).</summary>
    public double? ViaTtftP50Ms { get; init; }

    /// <summary>One plain line for stderr.</summary>
    public override string ToString()
    {
        string ttft = DirectTtftP50Ms is double d && ViaTtftP50Ms is double v
            ? string.Create(CultureInfo.InvariantCulture, $" ttft p50 direct={d:0.0}ms via={v:0.0}ms ({v - d:+0.0;-0.0;0.0}ms)")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"overhead {Transport} {LoadPoint} {Elapsed.TotalSeconds,5:0.0}s pairs={Pairs} failures direct={DirectFailures} via={ViaFailures}{ttft}");
    }
}
