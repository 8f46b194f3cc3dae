namespace Harness.Reports.Claims;

/// <summary>A percentile estimate with its bootstrap confidence interval, in the histogram's unit.</summary>
/// <param name="Estimate">The percentile of the recorded values.</param>
/// <param name="Low">Lower bound of the 95% interval.</param>
/// <param name="High">Upper bound of the 95% interval.</param>
/// <param name="SampleSize">Values recorded.</param>
public readonly record struct PercentileInterval(double Estimate, double Low, double High, long SampleSize);
