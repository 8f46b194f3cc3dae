using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

/// <summary>A claim on connect or TLS time over a run that measured none says why, so the user knows which run would judge it.</summary>
public sealed class ClaimVerifierNoSamplesTests
{
    [Theory]
    [InlineData("connect p95 < 50ms", "warm", "no connect samples in this series: its connections were warm (opened in the warm-up, then reused); --cold opens one per request")]
    [InlineData("tls p95 < 50ms", "warm", "no tls samples in this series: its connections were warm (opened in the warm-up, then reused); --cold opens one per request")]
    [InlineData("tls p95 < 50ms", "cold", "no tls samples in this series: no request made a TLS handshake (an http:// or ws:// endpoint?)")]
    [InlineData("ttft p95 < 50ms", "warm", "no ttft samples in this series")]
    public void NoSamples_SaysWhy(string claim, string connections, string reason)
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c2", Connections = connections, Outcomes = new() };
        var run = new RunResults { Name = "none", Series = [series] };
        var verdict = ClaimVerifier.Verify(run, new HistogramSet(), LatencyClaim.Parse(claim)).Single();
        Assert.Equal(VerdictStatus.Inconclusive, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
    }
}
