using Harness.Reports.Decision;

namespace Harness.Reports.Tests.Decision;

public sealed class DecisionSectionTests
{
    [Fact]
    public void SummaryJsonAndMarkdown_LeadWithTheSameDecision()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 400 }.WriteToTemp();
        var data = ReportData.Read(dir);
        var summary = ReportWriter.Summarize(data);

        string md = MarkdownSummary.Render(summary, data);

        Assert.NotNull(summary.Decision);
        int decisionAt = md.IndexOf("### " + DecisionSection.Heading, StringComparison.Ordinal);
        Assert.True(decisionAt > 0 && decisionAt == md.IndexOf("###", StringComparison.Ordinal), "the decision is summary.md's first section");
        foreach (var point in summary.Decision.LoadPoints)
        {
            Assert.All(point.Metrics, m => Assert.Contains(m.Answer, md, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Html_OneRowPerLoadPoint_OneCellPerQuestion()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp());
        var decision = TransportDecider.Decide(data);

        string html = DecisionSection.Html(decision);

        Assert.StartsWith("<section id=\"decision\">", html, StringComparison.Ordinal);
        Assert.Equal(1 + 3, html.Split("<tr>").Length - 1);
        Assert.Contains("<th class=\"l\">TTFT p50</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"l\">e2e p99</th>", html, StringComparison.Ordinal);
        Assert.Contains("Resolution:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FakeLateForOverOnePerMillePastTheSaturationThreshold_NamedAsAStall_InMarkdownAndHtml()
    {
        // The synthetic run's saturation threshold is 5 ms.
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", 41.2, 58.4) }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        var stall = Assert.Single(decision.Stalls);
        Assert.Equal(("sse-h2", "c100", 41.2, 58.4), (stall.Transport, stall.LoadPoint, stall.P999Ms, stall.MaxMs));
        Assert.Contains("The embedded fake fell behind its schedule: more than 0.1% of its tokens left over 5 ms late in sse-h2 c100 (p99.9 41.2 ms, max 58.4 ms).", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.Contains("sse-h2 c100 (p99.9 41.2 ms, max 58.4 ms)", DecisionSection.Html(decision), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4.9, 126)] // one token very late is a blip, not a stall
    [InlineData(5.0, 5.0)]
    public void FakeLateAtOrUnderTheThresholdAtPointOnePerMille_NoStall(double p999Ms, double maxMs)
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", p999Ms, maxMs) }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        Assert.Empty(decision.Stalls);
        Assert.DoesNotContain("fell behind", DecisionSection.Markdown(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void AgainstARealEndpoint_NoFakeLateness_NoStall()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp());

        Assert.Empty(TransportDecider.Decide(data).Stalls);
    }
}
