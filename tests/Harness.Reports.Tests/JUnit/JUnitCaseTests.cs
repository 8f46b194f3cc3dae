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

    [Theory]
    [InlineData("ttft p50 < 60ms", "ttft p50<60ms")]
    [InlineData("errors < 1%", "ERRORS<1 %")]
    [InlineData("goodput >= 95% where ttft < 500ms, e2e < 10s", "goodput>=95% where ttft<500ms,e2e<10s")]
    public void ClaimVerdict_TheCaseIsNamedByTheClaimsCanonicalForm_SoRewritingItKeepsTheTest(string written, string rewritten)
    {
        static ClaimVerdict Verdict(string claim) => new() { Claim = claim, Metric = "ttft", Percentile = 50, ThresholdMs = 60, Transport = "sse", LoadPoint = "c10", Status = VerdictStatus.Met, Reason = "why" };

        var first = JUnitCase.Of(Verdict(written), "verify");
        var second = JUnitCase.Of(Verdict(rewritten), "verify");

        Assert.Equal(Claim.Parse(written).Canonical, first.Name);
        Assert.Equal(first.Name, second.Name);
    }
}
