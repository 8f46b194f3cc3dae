using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

/// <summary>
/// Claims judged per request read requests.csv; a copy without it, or a killed run's short one,
/// says how many of the series' requests it held rather than judging quietly on what is left.
/// </summary>
public sealed class ClaimVerifierRequestRowsTests
{
    private static (RunResults Results, RequestRows Rows) Run(int rowsKept)
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c2", Requests = 60, Outcomes = new() { ["ok"] = 60 } };
        var rows = Enumerable.Range(0, rowsKept)
            .Select(_ => new RequestRow { Transport = "sse", LoadPoint = "c2", TtftMs = 50, E2eMs = 500, Tokens = 10, Outcome = RequestOutcome.Ok })
            .ToList();
        return (new RunResults { Name = "rows", Series = [series] }, RequestRows.Of(rows));
    }

    [Theory]
    [InlineData("goodput >= 95% where ttft < 100ms", "no requests to judge goodput (requests.csv holds none of the series' 60 requests: missing or cut short?)")]
    [InlineData("http_error(429) < 1%", "no requests to judge http_error(429) (requests.csv holds none of the series' 60 requests: missing or cut short?)")]
    public void NoRows_SaysRequestsCsvHoldsNone_NotADanglingSentence(string claim, string reason)
    {
        var (results, rows) = Run(0);
        var verdict = ClaimVerifier.Verify(results, new HistogramSet(), rows, Claim.Parse(claim)).Single();
        Assert.Equal(VerdictStatus.Inconclusive, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void FewerRows_JudgedOnThem_AndSaysHowMany()
    {
        var (results, rows) = Run(3);
        var verdict = ClaimVerifier.Verify(results, new HistogramSet(), rows, Claim.Parse("goodput >= 95% where ttft < 100ms")).Single();
        Assert.StartsWith("goodput (from the 3 of 60 requests in requests.csv) = 100% (3 of 3)", verdict.Reason, StringComparison.Ordinal);
    }
}
