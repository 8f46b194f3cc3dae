using Harness.Clients;
using Harness.Reports.Overhead;

namespace Harness.Reports.Tests.Overhead;

public sealed class OverheadMarkdownTests
{
    [Fact]
    public void TheHarnesssOwnErrorLine_PointsAtSelfcheck_ForTheErrorByStage()
    {
        var report = new OverheadReport { Direct = "http://d", Via = "http://v", Transport = "sse", LoadPoint = "c4", Connections = "warm", Method = "m", Pairs = 200, Resolution = new HarnessResolution(0.25, 2000, null) };

        // The one figure the run measures (its lag), then where the rest of the harness's error is.
        Assert.Contains(
            "its scheduling lag p99 was 0.25 ms over the run (2,000 probes); each request, through either path, may be late by about that much, so it widens the intervals rather than moves the overhead. Its error by stage (delivery to the client, TTFT error, per transport): `harness selfcheck`.",
            OverheadMarkdown.Render(report),
            StringComparison.Ordinal);
    }
}
