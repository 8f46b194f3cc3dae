using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>Small, complete results directories written through the production writer.</summary>
internal static class ResultsFixture
{
    public static string Write(
        string dir,
        string agent = "1/1",
        string schedule = "ttft=100,itl=20,tokens=50",
        string model = "fake",
        string[]? transports = null,
        int requests = 40,
        DateTimeOffset? measuredFrom = null,
        double measuredSeconds = 2,
        double lagMs = 0,
        Func<SeriesResult, SeriesResult>? edit = null)
    {
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        foreach (string transport in transports ?? ["sse", "ws"])
        {
            var ttft = histograms.Get(transport, "c2", MetricNames.Ttft);
            for (int i = 0; i < requests; i++)
            {
                HistogramSet.Record(ttft, TimeSpan.FromMilliseconds(90 + i));
            }

            var metrics = new Dictionary<string, MetricSummary> { [MetricNames.Ttft] = HistogramSet.Summarize(ttft, MetricNames.Ttft) };
            if (lagMs > 0)
            {
                var lag = histograms.Get(transport, "c2", MetricNames.StartDelay);
                for (int i = 0; i < requests; i++)
                {
                    HistogramSet.Record(lag, TimeSpan.FromMilliseconds(lagMs));
                }

                metrics[MetricNames.StartDelay] = HistogramSet.Summarize(lag, MetricNames.StartDelay);
            }

            var one = new SeriesResult
            {
                Transport = transport,
                LoadPoint = "c2",
                Concurrency = 2,
                DurationSeconds = 2,
                Requests = requests,
                Outcomes = new() { ["ok"] = requests },
                Tokens = requests * 50L,
                Metrics = metrics,
            };
            series.Add(edit is null ? one : edit(one));
        }

        var results = new RunResults
        {
            Name = "fixture",
            StartedUtc = measuredFrom ?? default,
            EndedUtc = measuredFrom?.AddSeconds(measuredSeconds) ?? default,
            Target = "embedded fake",
            Model = model,
            Settings = new() { ["schedule"] = schedule, ["duration"] = "2s" },
            Agents = [agent],
            Series = series,
        };
        var rows = series.Select(s => new TimeSeriesRow { Second = 0, Transport = s.Transport, LoadPoint = s.LoadPoint, Started = s.Requests, Finished = s.Requests });
        ResultsFiles.Write(dir, results, histograms, rows, []);
        return dir;
    }
}
