namespace Harness.Reports.Diff;

/// <summary>
/// A difference of two percentiles (candidate − baseline) with its bootstrap 95% interval, in the
/// histograms' unit (microseconds for latencies).
/// </summary>
/// <param name="Estimate">Candidate's percentile minus baseline's.</param>
/// <param name="Low">Lower bound of the 95% interval.</param>
/// <param name="High">Upper bound of the 95% interval.</param>
/// <param name="BaselineCount">Samples in the baseline histogram.</param>
/// <param name="CandidateCount">Samples in the candidate histogram.</param>
public readonly record struct DifferenceInterval(double Estimate, double Low, double High, long BaselineCount, long CandidateCount)
{
    /// <summary>True when the whole interval lies above zero (the candidate is slower).</summary>
    public bool IsAboveZero => Low > 0;

    /// <summary>True when the whole interval lies below zero (the candidate is faster).</summary>
    public bool IsBelowZero => High < 0;

    /// <summary>This interval scaled (µs → ms with 0.001).</summary>
    public DifferenceInterval Scale(double factor) => this with { Estimate = Estimate * factor, Low = Low * factor, High = High * factor };
}
