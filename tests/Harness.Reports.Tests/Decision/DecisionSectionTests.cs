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
}
