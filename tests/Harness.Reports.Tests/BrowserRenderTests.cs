using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Harness.Reports.Tests;

/// <summary>
/// Renders index.html in headless Chromium, as a person would open it, and checks every chart
/// image decoded (naturalWidth &gt; 0) at its declared size. Chromium is required: CI installs it
/// (.ci/run); locally `apt-get install -y chromium`. Without it the test fails, it never passes silently.
/// </summary>
public sealed partial class BrowserRenderTests
{
    private static readonly string[] s_candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    [Fact]
    public async Task Index_InHeadlessChromium_LoadsEveryChartImage()
    {
        string? chromium = Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") is { Length: > 0 } configured ? configured : s_candidates.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null && File.Exists(chromium),
            "headless Chromium is needed to check the report as a person sees it: install Debian's 'chromium' package (apt-get install -y chromium; .ci/run does this) or set HARNESS_CHROMIUM");

        string dir = new SyntheticResults { RequestsPerSeries = 60 }.WriteToTemp();
        string index = await ReportWriter.WriteAsync(dir);
        // A copy with a probe script: the report itself stays script-free.
        string probe = Path.Combine(dir, "probe.html");
        string script = """
            <script>
            window.addEventListener('load', () => {
              const pre = document.createElement('pre');
              pre.id = 'image-status';
              pre.textContent = [...document.images].map(i =>
                'IMG ' + (i.complete && i.naturalWidth > 0 ? 'ok ' + i.naturalWidth + 'x' + i.naturalHeight : 'broken 0x0') + ' ' + i.alt).join('\n');
              document.body.appendChild(pre);
            });
            </script>
            """;
        File.WriteAllText(probe, File.ReadAllText(index).Replace("</body>", script + "</body>", StringComparison.Ordinal));

        string profile = Directory.CreateTempSubdirectory("harness-chromium-").FullName;
        var start = new ProcessStartInfo(chromium!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", new Uri(probe).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish rendering the report within 90 s");
        }

        string dom = await stdout;
        var images = ImageLine().Matches(dom).Select(m => (Status: m.Groups[1].Value, Width: int.Parse(m.Groups[2].Value), Height: int.Parse(m.Groups[3].Value), Alt: m.Groups[4].Value.Trim())).ToList();
        Assert.True(images.Count == 6, $"expected 6 chart images in the rendered page, found {images.Count}; chromium stderr: {Tail(await stderr)}");
        Assert.All(images, i =>
        {
            Assert.True(i.Status == "ok", $"chart '{i.Alt}' did not load in Chromium");
            Assert.Equal((Charts.ReportCharts.Width, Charts.ReportCharts.Height), (i.Width, i.Height));
        });
        Directory.Delete(profile, recursive: true);
    }

    private static string Tail(string text) => text.Length > 600 ? text[^600..] : text;

    [GeneratedRegex(@"IMG (ok|broken) (\d+)x(\d+) ([^\n<]*)")]
    private static partial Regex ImageLine();
}
