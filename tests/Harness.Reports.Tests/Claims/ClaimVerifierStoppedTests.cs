using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

// 400 requests answered at 50 ms and 40 that an interruption stopped: the stopped ones ended in no
// outcome, so no claim counts them as failures (counted, each claim below would be not met).
public sealed class ClaimVerifierStoppedTests
{
    private static (RunResults Results, HistogramSet Histograms, RequestRows Rows) Run()
    {
        var histograms = new HistogramSet();
        var ttft = histograms.Get("sse", "c10", MetricNames.Ttft);
        var rows = new List<RequestRow>();
        for (int i = 0; i < 440; i++)
        {
            bool ok = i < 400;
            if (ok)
            {
                ttft.RecordValue(50_000);
            }

            rows.Add(new RequestRow { Transport = "sse", LoadPoint = "c10", TtftMs = ok ? 50 : null, E2eMs = ok ? 500 : null, Tokens = 10, Outcome = ok ? RequestOutcome.Ok : RequestOutcome.Stopped });
        }

        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Requests = 440, Outcomes = new() { ["ok"] = 400, ["stopped"] = 40 } };
        return (new RunResults { Name = "stopped", Series = [series] }, histograms, RequestRows.Of(rows));
    }

    [Theory]
    [InlineData("errors < 1%", "0 of 400")]
    [InlineData("goodput >= 99% where ttft < 100ms", "400 of 400")]
    [InlineData("ttft p95 < 100ms", "n = 400")]
    public void RequestsAnInterruptionStopped_CountNeitherWay(string claim, string counted)
    {
        var (results, histograms, rows) = Run();

        var verdict = ClaimVerifier.Verify(results, histograms, rows, Claim.Parse(claim)).Single();

        Assert.True(verdict.Status == VerdictStatus.Met, verdict.Reason);
        Assert.Contains(counted, verdict.Reason, StringComparison.Ordinal);
    }
}
