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
        string chromium = FindChromium();

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

        string dom = await RunChromiumAsync(chromium, probe);
        var images = ImageLine().Matches(dom).Select(m => (Status: m.Groups[1].Value, Width: int.Parse(m.Groups[2].Value), Height: int.Parse(m.Groups[3].Value), Alt: m.Groups[4].Value.Trim())).ToList();
        Assert.True(images.Count == 6, $"expected 6 chart images in the rendered page, found {images.Count}; dom: {Tail(dom)}");
        Assert.All(images, i =>
        {
            Assert.True(i.Status == "ok", $"chart '{i.Alt}' did not load in Chromium");
            Assert.Equal((Harness.Reports.Charts.ReportCharts.Width, Harness.Reports.Charts.ReportCharts.Height), (i.Width, i.Height));
        });
    }

    [Fact]
    public async Task Decision_IsTheFirstSection_AndVisibleWithoutScrolling_At1280x800()
    {
        string chromium = FindChromium();
        // The main job's shape: three transports at three load points, 60+ requests per series.
        string dir = new SyntheticResults { RequestsPerSeries = 60 }.WriteToTemp();
        string index = await ReportWriter.WriteAsync(dir);
        string probe = Path.Combine(dir, "probe-decision.html");
        string script = """
            <script>
            window.addEventListener('load', () => {
              const d = document.getElementById('decision');
              const r = d ? d.getBoundingClientRect() : null;
              const first = document.querySelector('h2');
              const pre = document.createElement('pre');
              pre.textContent = 'VIEWPORT ' + window.innerWidth + 'x' + window.innerHeight
                + ' SCROLLWIDTH ' + document.documentElement.scrollWidth
                + (r ? ' DECISION ' + Math.ceil(r.top) + ' ' + Math.ceil(r.bottom) : ' DECISION missing')
                + ' FIRSTH2 ' + (first && first.closest('section') ? first.closest('section').id : 'none') + ' END';
              document.body.appendChild(pre);
            });
            </script>
            """;
        File.WriteAllText(probe, File.ReadAllText(index).Replace("</body>", script + "</body>", StringComparison.Ordinal));

        string dom = await RunChromiumAsync(chromium, probe, "--window-size=1280,800");

        var m = DecisionLine().Match(dom);
        Assert.True(m.Success, $"no probe line in the rendered page: {Tail(dom)}");
        // A 1280x800 window: its viewport is what is left after the browser's own frame.
        int width = int.Parse(m.Groups[1].Value), height = int.Parse(m.Groups[2].Value);
        Assert.Equal(1280, width);
        Assert.InRange(height, 600, 800);
        Assert.Equal("decision", m.Groups[6].Value);
        int top = int.Parse(m.Groups[4].Value), bottom = int.Parse(m.Groups[5].Value);
        Assert.True(top >= 0 && bottom <= height, $"the decision section spans {top}..{bottom} px: it must fit in the {width}x{height} viewport");

        // Nor does the page scroll sideways there: the widest table, three transports' percentiles side by side, fits.
        int scrollWidth = int.Parse(m.Groups[3].Value);
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth} px wide: it scrolls sideways in a {width} px viewport");
    }

    private static string FindChromium()
    {
        string? chromium = Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") is { Length: > 0 } configured ? configured : s_candidates.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null && File.Exists(chromium),
            "headless Chromium is needed to check the report as a person sees it: install Debian's 'chromium' package (apt-get install -y chromium; .ci/run does this) or set HARNESS_CHROMIUM");
        return chromium!;
    }

    private static async Task<string> RunChromiumAsync(string chromium, string page, params string[] extra)
    {
        string profile = Directory.CreateTempSubdirectory("harness-chromium-").FullName;
        var start = new ProcessStartInfo(chromium!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=5000", .. extra, "--dump-dom", new Uri(page).AbsoluteUri,
        ])
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
        Directory.Delete(profile, recursive: true);
        return dom.Length > 0 ? dom : "(no DOM; chromium stderr: " + Tail(await stderr) + ")";
    }

    private static string Tail(string text) => text.Length > 600 ? text[^600..] : text;

    [GeneratedRegex(@"VIEWPORT (\d+)x(\d+) SCROLLWIDTH (\d+) DECISION (-?\d+) (-?\d+) FIRSTH2 (\w+)")]
    private static partial Regex DecisionLine();

    [GeneratedRegex(@"IMG (ok|broken) (\d+)x(\d+) ([^\n<]*)")]
    private static partial Regex ImageLine();
}
