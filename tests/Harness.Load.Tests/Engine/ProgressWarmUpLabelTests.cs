using System.Text.RegularExpressions;
using Harness.Load.Results;
using Harness.Load.Scheduling;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// A progress line says "warm-up" when the second it reports ended within the warm-up, judged by
/// the time it prints: the line at the warm-up's end ("2.0s" after a 2 s warm-up) is labelled the
/// same whichever side of that end the once-a-second timer fired, where it used to depend on a
/// millisecond (sse printed "2.0s req/s=…", ws "2.0s warm-up …" in one run).
/// </summary>
public sealed class ProgressWarmUpLabelTests
{
    [Theory]
    [InlineData(1.9993, 2.0, true)]   // the timer fired a moment early
    [InlineData(2.0007, 2.0, true)]   // or a moment late: the same line
    [InlineData(1.0004, 2.0, true)]
    [InlineData(2.9993, 2.0, false)]
    [InlineData(3.0007, 2.0, false)]
    [InlineData(1.0002, 0.1, false)]
    [InlineData(1.0002, 0.0, false)]
    [InlineData(0.9996, 1.0, true)]
    public void TheLabel_FollowsThePrintedTime(double elapsedSeconds, double warmUpSeconds, bool warmingUp) =>
        Assert.Equal(warmingUp, LoadRun.IsWarmUpLine(TimeSpan.FromSeconds(elapsedSeconds), TimeSpan.FromSeconds(warmUpSeconds)));

    [Fact]
    public async Task EveryLine_AtOrBeforeTheWarmUpsEnd_SaysWarmUp_AndNoLaterOne()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var scenario = new LoadScenario { WarmUp = TimeSpan.FromSeconds(1), Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1.5))]) };
        var lines = new List<LoadProgress>();

        await LoadEngine.RunAsync(scenario, server, new LoadRunOptions { Progress = p => { lock (lines) { lines.Add(p); } } });

        lock (lines)
        {
            Assert.Contains(lines, p => p.WarmingUp);
            Assert.All(lines, p => Assert.True(
                p.WarmingUp == (Math.Round(p.Elapsed.TotalSeconds, 1) <= 1.0),
                $"'{p}' after a 1 s warm-up"));
        }
    }

    [Fact]
    public async Task WarmUpLines_CountTheWarmUpsRequestsAndFailures_WhichNoMeasuredFigureIncludes()
    {
        // Every request fails (a connect error with no cause: not one that stops the run), 20 a
        // second: 30 in the 1.5 s warm-up, then 20 measured. The warm-up lines used to read
        // "req/s=0 active=0 done=0 errors=0" while each of them failed.
        var server = new SimulatedServer { Refuse = true };
        var scenario = new LoadScenario { WarmUp = TimeSpan.FromSeconds(1.5), Profile = new LoadProfile([new Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))]) };
        var lines = new List<LoadProgress>();

        var run = await LoadEngine.RunAsync(scenario, server, new LoadRunOptions { Progress = p => { lock (lines) { lines.Add(p); } } });

        Assert.Equal(50, server.Calls);
        Assert.Null(run.Series.StoppedBecause);
        lock (lines)
        {
            var warm = Assert.Single(lines, p => p.WarmingUp).ToString();
            var counts = Regex.Match(warm, @"^sse r20 +1\.\ds warm-up of 1\.5s: active=\d+ sent=(\d+) done=(\d+) errors=(\d+)$");
            Assert.True(counts.Success, warm);
            // About a second of 20 a second sent; every one that ended failed.
            Assert.InRange(long.Parse(counts.Groups[1].Value), 15, 25);
            Assert.InRange(long.Parse(counts.Groups[2].Value), 10, 25);
            Assert.Equal(counts.Groups[2].Value, counts.Groups[3].Value);
            // The measured lines count the measured requests only.
            Assert.All(lines.Where(p => !p.WarmingUp && p.DrainLeft is null), p => Assert.Matches(@" done=(1?\d|20) errors=(1?\d|20) ", p.ToString()));
        }

        // The warm-up's 30 are in no measured figure: counts, per-second rows, request rows, histograms.
        Assert.Equal(20, run.Series.Requests);
        Assert.Equal(20, run.Series.Outcomes.GetValueOrDefault("connect_error"));
        Assert.Equal(20, run.TimeSeries.Sum(r => r.Started));
        Assert.Equal(20, run.TimeSeries.Sum(r => r.Finished));
        Assert.Equal(20, run.Requests.Count);
        Assert.Equal(20, run.Histograms.Get("sse", run.Series.LoadPoint, MetricNames.StartDelay).TotalCount);
    }
}
