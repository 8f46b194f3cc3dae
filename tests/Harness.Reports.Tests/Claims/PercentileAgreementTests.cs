using CsCheck;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Diff;

namespace Harness.Reports.Tests.Claims;

/// <summary>
/// The figure verify judges, the Δ diff prints and the percentile results.json holds are one number
/// for the same histogram: a p99 of 101.8 ms in the report is not 103.7 ms in a verdict.
/// </summary>
public sealed class PercentileAgreementTests
{
    private static readonly Gen<(int[] Values, double Percentile)> s_cases =
        Gen.Select(Gen.Int[1_000, 2_000_000].Array[1, 300], Gen.Int[0, 4].Select(i => new[] { 50.0, 90.0, 95.0, 99.0, 99.9 }[i]));

    [Fact]
    public void VerdictEstimate_IsResultsJsonsPercentile()
    {
        s_cases.Sample(c =>
        {
            var histogram = HistogramOf(c.Values);
            var summary = HistogramSet.Summarize(histogram, MetricNames.Ttft);
            double printed = c.Percentile switch { 50 => summary.P50, 90 => summary.P90, 95 => summary.P95, 99 => summary.P99, _ => summary.P999 };
            double judged = new HistogramBootstrap(histogram).Estimate(c.Percentile, resamples: 20).Estimate / 1000.0;
            return Math.Abs(judged - printed) < 1e-9;
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DiffRow_DifferenceIsCandidateMinusBaseline_AndColumnsAreResultsJsons(int seed)
    {
        // 60 requests a series: p99 is where rounding p·n and taking ⌈p·n⌉ part ways.
        string baseline = new SyntheticResults { RequestsPerSeries = 60, Seed = seed, Transports = ["sse"], Concurrencies = [1] }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 60, Seed = seed + 10, Transports = ["sse"], Concurrencies = [1] }.WriteToTemp();
        var report = ResultsDiff.Compare(baseline, candidate, new DiffOptions { Metrics = ["ttft", "itl", "e2e"], Percentiles = [50, 95, 99], AllowMismatch = true });
        var (baseResults, _) = ResultsDirectory.Read(baseline);
        var (candResults, _) = ResultsDirectory.Read(candidate);

        Assert.NotEmpty(report.Rows);
        foreach (var row in report.Rows.Where(r => r.DifferenceMs is not null))
        {
            Assert.True(Math.Abs(row.DifferenceMs!.Value - (row.CandidateMs!.Value - row.BaselineMs!.Value)) < 1e-9, $"{row.Metric} p{row.Percentile}: Δ {row.DifferenceMs} vs {row.CandidateMs} − {row.BaselineMs}");
            Assert.Equal(Printed(baseResults, row.Metric, row.Percentile), row.BaselineMs!.Value, 9);
            Assert.Equal(Printed(candResults, row.Metric, row.Percentile), row.CandidateMs!.Value, 9);
        }
    }

    private static double Printed(RunResults results, string metric, double percentile)
    {
        var summary = results.Series.Single().Metrics[metric]!;
        return percentile switch { 50 => summary.P50, 95 => summary.P95, _ => summary.P99 };
    }

    private static HdrHistogram.LongHistogram HistogramOf(int[] values)
    {
        var histogram = HistogramSet.NewHistogram();
        foreach (int v in values)
        {
            histogram.RecordValue(v);
        }

        return histogram;
    }
}
