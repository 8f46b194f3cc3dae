using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

/// <summary>
/// How many error-free requests an error-share claim needs, checked against the verifier itself:
/// the count the docs and the refusal of "errors &lt;= 0%" quote must be the one that decides.
/// </summary>
public sealed class ErrorShareClaimTests
{
    [Theory]
    [InlineData("errors < 5%", 73)]
    [InlineData("errors < 1%", 381)]
    [InlineData("errors < 0.5%", 765)]
    public void RequestsToMeet_IsTheFewestErrorFreeRequestsTheVerifierCallsMet(string text, long requests)
    {
        var claim = (ErrorShareClaim)Claim.Parse(text);

        Assert.Equal(requests, ErrorShareClaim.RequestsToMeet(claim.Share));
        Assert.Equal(VerdictStatus.Met, Judge(claim, requests).Status);
        Assert.Equal(VerdictStatus.Inconclusive, Judge(claim, requests - 1).Status);
    }

    private static ClaimVerdict Judge(Claim claim, long okRequests)
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c4", Requests = okRequests, Outcomes = new() { ["ok"] = okRequests } };
        return ClaimVerifier.Verify(new RunResults { Name = "clean", Series = [series] }, new HistogramSet(), RequestRows.Of([]), claim).Single();
    }
}
