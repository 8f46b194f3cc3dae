using System.Globalization;
using System.Text.Json;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// <c>--metrics-port</c> scraped by a real Prometheus server (Debian's <c>prometheus</c>) on
/// loopback, and the values read back through its HTTP API equal the run's own results.
/// </summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    public const string Prometheus = "/usr/bin/prometheus";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-prometheus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Prometheus_ScrapesALoadRun_AndReadsBackItsCounts()
    {
        Assert.True(File.Exists(Prometheus), $"{Prometheus} is missing: install Debian's prometheus package (apt-get install prometheus; .ci/run does)");
        int metricsPort = LoopbackPort.Free(), prometheusPort = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 500ms
              scrape_timeout: 400ms
            scrape_configs:
              - job_name: harness
                static_configs:
                  - targets: ["127.0.0.1:{metricsPort}"]
            """);
        // Two copies for 3 s against the embedded fake, then a pause: the counts stop moving while
        // the run (and its metrics endpoint) lasts, so Prometheus scrapes the final values.
        string scenario = Path.Combine(_dir, "scenario.json");
        await File.WriteAllTextAsync(scenario, """
            { "name": "scrape", "target": { "transport": "sse", "model": "fake/ttft=20,itl=5,tokens=5" },
              "load": [ { "kind": "keepConstant", "copies": 2, "during": "3s" }, { "kind": "pause", "during": "3s" } ] }
            """);

        using var prometheus = ChildProcess.Start(Prometheus, [
            "--config.file=" + Path.Combine(_dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(_dir, "tsdb"),
            $"--web.listen-address=127.0.0.1:{prometheusPort}", "--log.level=warn"], _dir);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitReadyAsync(http, prometheus);

        string results = Path.Combine(_dir, "run");
        var launched = DateTimeOffset.UtcNow;
        var (code, _, error) = await ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "harness.dll"),
            "load", scenario, "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture), "--out", results, "--no-report"], _dir, s_timeout);
        Assert.True(code == 0, error);

        var series = ResultsDirectory.Read(results).Results.Series.Single();
        Assert.True(series.Requests > 0);
        Assert.Equal(series.Outcomes["ok"], await QueryAsync(http, "last_over_time(harness_requests_total{outcome=\"ok\",transport=\"sse\"}[5m])"));
        Assert.Equal(series.Requests, await QueryAsync(http, "last_over_time(harness_requests_started_total[5m])"));
        Assert.Equal(series.Tokens, await QueryAsync(http, "last_over_time(harness_tokens_total[5m])"));
        Assert.Equal(series.Metrics[MetricNames.Ttft].Count, await QueryAsync(http, "last_over_time(harness_ttft_seconds_count[5m])"));
        Assert.Equal(series.Metrics[MetricNames.Itl].Count, await QueryAsync(http, "last_over_time(harness_itl_seconds_count[5m])"));
        Assert.InRange(await QueryAsync(http, "max_over_time(harness_active_streams[5m])"), 1, 2);

        // The buckets are fine enough for histogram_quantile to read the run's own TTFT p50 (20 ms
        // here) within 10 %: with doublings it interpolated 24 ms inside 16-32 ms.
        double p50 = series.Metrics[MetricNames.Ttft].P50 / 1000.0;
        double read = await QueryValueAsync(http, "histogram_quantile(0.5, sum by (le) (last_over_time(harness_ttft_seconds_bucket[5m])))");
        Assert.True(Math.Abs(read - p50) <= 0.1 * p50, $"histogram_quantile read {read * 1000:0.##} ms for a TTFT p50 of {p50 * 1000:0.##} ms");
        Assert.Equal(0, await QueryAsync(http, "last_over_time(harness_active_streams[5m])"));

        // Every query of the Grafana dashboard is valid PromQL and finds data from this run.
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "harness-dashboard.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();
        Assert.NotEmpty(queries);
        foreach (string query in queries)
        {
            string promql = query.Replace("$__rate_interval", "2s", StringComparison.Ordinal)
                .Replace("$transport", ".*", StringComparison.Ordinal).Replace("$load_point", ".*", StringComparison.Ordinal);
            Assert.True(await RangeHasDataAsync(http, promql, launched, DateTimeOffset.UtcNow), $"dashboard query found no data: {promql}");
        }
    }

    private static async Task<bool> RangeHasDataAsync(HttpClient http, string promql, DateTimeOffset start, DateTimeOffset end)
    {
        string body = await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds() + 1}&step=1"));
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Any(r => r.GetProperty("values").EnumerateArray().Any(v => v[1].GetString() is not ("NaN" or null)));
    }

    private static async Task WaitReadyAsync(HttpClient http, ChildProcess prometheus)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/-/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"prometheus was not ready within {s_timeout.TotalSeconds} s: {prometheus.Error}");
    }

    /// <summary>An instant query through Prometheus's HTTP API; the one sample's value.</summary>
    private static async Task<long> QueryAsync(HttpClient http, string promql) => (long)await QueryValueAsync(http, promql);

    private static async Task<double> QueryValueAsync(HttpClient http, string promql)
    {
        string body = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, $"{promql}: expected one series, got {body}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
