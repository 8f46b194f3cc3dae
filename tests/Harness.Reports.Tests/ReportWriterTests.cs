namespace Harness.Reports.Tests;

public sealed class ReportWriterTests
{
    [Fact]
    public async Task WriteAsync_WritesIndexSummariesAndCharts()
    {
        string dir = new SyntheticResults().WriteToTemp();
        string index = await ReportWriter.WriteAsync(dir);
        Assert.True(File.Exists(index));
        Assert.True(File.Exists(Path.Combine(dir, ReportWriter.MarkdownFile)));
        Assert.True(File.Exists(Path.Combine(dir, ReportWriter.JsonFile)));
        Assert.Equal(6, Directory.GetFiles(Path.Combine(dir, "charts"), "*.png").Length);
    }
}
