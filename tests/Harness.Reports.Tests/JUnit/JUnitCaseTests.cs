using Harness.Reports.Claims;
using Harness.Reports.Diff;
using Harness.Reports.JUnit;

namespace Harness.Reports.Tests.JUnit;

public sealed class JUnitCaseTests
{
    [Theory]
    [InlineData(VerdictStatus.Met, JUnitOutcome.Passed)]
    [InlineData(VerdictStatus.NotMet, JUnitOutcome.Failed)]
    [InlineData(VerdictStatus.Inconclusive, JUnitOutcome.Error)]
    public void DiffRow_ACasePerSeriesMetricAndPercentile_TheGateDecides(VerdictStatus gate, JUnitOutcome outcome)
    {
        var row = new DiffRow { Transport = "ws", LoadPoint = "c10", Metric = "ttft", Percentile = 99.9, Status = DiffStatus.Regressed, Gate = gate, Reason = "why" };

        var c = JUnitCase.Of(row, "diff");

        Assert.Equal("diff.ws.c10", c.ClassName);
        Assert.Equal("ttft p99.9", c.Name);
        Assert.Equal(outcome, c.Outcome);
        Assert.Equal(outcome == JUnitOutcome.Passed ? null : "why", c.Message);
    }
}
