using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Simulations;
using Harness.Load.Tests.Engine;

namespace Harness.Load.Tests;

public sealed class ResultsFilesTests
{
    [Fact]
    public async Task RoundsSetAside_AreWrittenToTheirOwnFolder_OutOfTheRunsRows_NothingLost()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var plan = new ComparisonPlan
        {
            Transports = [Transport.Sse, Transport.WebSocket],
            Concurrencies = [2],
            Duration = TimeSpan.FromMilliseconds(400),
            WarmUp = TimeSpan.Zero,
            Rounds = 2,
            Template = new LoadScenario { SaturationThreshold = TimeSpan.FromSeconds(30), Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1))]) },
        };
        // Windows: sse#1 — stands still — sse#1 again, ws#1, ws#2, sse#2.
        var observer = new StalledFirstWindow();
        var runs = await ComparisonRunner.RunAsync(plan, _ => server, new LoadRunOptions { WindowObserver = observer }, CancellationToken.None);
        using var temp = new TempDirectory();
        string dir = Directory.CreateDirectory(Path.Combine(temp.Path, "stood-still")).FullName;
        string clean = Directory.CreateDirectory(Path.Combine(temp.Path, "clean")).FullName;

        var results = ResultsFiles.Write(dir, "t", runs, "embedded fake", "fake", new Dictionary<string, string>(), AgentShare.Whole, partial: false);
        ResultsFiles.Write(clean, "t", [.. runs.Select(r => r with { SetAside = [] })], "embedded fake", "fake", new Dictionary<string, string>(), AgentShare.Whole, partial: false);

        var setAside = runs.Single(r => r.Series.Transport == "sse").SetAside.Single().Run;
        string folder = Path.Combine(dir, ResultsDirectory.SetAsideDirectory);
        Assert.Equal(setAside.Requests.Count, ResultsFiles.ReadRequests(folder).Count);
        Assert.Equal(setAside.TimeSeries.Count, ResultsFiles.ReadTimeSeries(folder).Count);
        Assert.Equal(runs.Sum(r => r.Requests.Count), ResultsFiles.ReadRequests(dir).Count);
        Assert.Equal(runs.Sum(r => r.Series.Requests), results.Series.Sum(s => s.Requests));
        var read = ResultsDirectory.Read(dir).Results.Series.Single(s => s.Transport == "sse");
        Assert.Equal(1, Assert.Single(read.SetAside!).Round);
        Assert.False(Directory.Exists(Path.Combine(clean, ResultsDirectory.SetAsideDirectory)), "no folder when nothing was set aside");
    }

    private sealed class StalledFirstWindow : IMeasuredWindowObserver
    {
        private int _windows;

        public void WindowStarted()
        {
        }

        public SeriesResult WindowEnded(SeriesResult series) => series with
        {
            FakeLateness = _windows++ == 0
                ? new ServerLateness { Events = 10, P999Ms = 60_000, MaxMs = 60_000, SchedulerMaxMs = 60_000 }
                : new ServerLateness { Events = 10, P999Ms = 1, MaxMs = 1, SchedulerMaxMs = 0.1 },
        };
    }
}
