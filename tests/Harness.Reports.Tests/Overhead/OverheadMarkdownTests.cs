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

    [Theory]
    [InlineData(0, 120, 120, 120, "⚠️ Held back: 120 of 120 answers through the relay came all at once, not streamed (direct: 0 of 120): the relay holds answers back")]
    [InlineData(118, 120, 5, 120, "⚠️ Held back: 118 of 120 direct answers came all at once, not streamed (through the relay: 5 of 120): the upstream itself held them back")]
    [InlineData(120, 120, 119, 120, "⚠️ Held back: 120 of 120 direct answers and 119 of 120 through the relay came all at once, not streamed: the upstream itself holds answers back")]
    public void ASideThatMostlyHeldAnswersBack_IsNamed_WithBothSidesCounts(long directBuffered, long directJudged, long viaBuffered, long viaJudged, string expected)
    {
        var report = new OverheadReport
        {
            Direct = "http://d", Via = "http://v", Transport = "sse", LoadPoint = "c4", Connections = "warm", Method = "m", Pairs = 120,
            DirectBufferedStreams = directBuffered, DirectJudgedStreams = directJudged, ViaBufferedStreams = viaBuffered, ViaJudgedStreams = viaJudged,
        };

        Assert.Contains(expected, OverheadMarkdown.Render(report), StringComparison.Ordinal);
    }
}
