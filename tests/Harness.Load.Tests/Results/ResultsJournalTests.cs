using Harness.Load.Results;
using Harness.Load.Simulations;
using Harness.Load.Tests.Engine;

namespace Harness.Load.Tests.Results;

public sealed class ResultsJournalTests
{
    [Fact]
    public async Task DuringARun_RowsReachTheFiles_AndTheRequestsAreTheFinalFilesBytes()
    {
        using var temp = new TempDirectory();
        string dir = temp.Path;
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(2, TimeSpan.FromSeconds(5))]) };
        LoadSeriesRun run;
        using (var journal = ResultsJournal.Create(dir))
        {
            var running = LoadEngine.RunAsync(scenario, new SimulatedServer(), new LoadRunOptions { Journal = journal });
            // Second 0 is written once second 2 begins; the run goes on to second 5.
            while (!running.IsCompleted && !(File.Exists(Path.Combine(dir, ResultsDirectory.TimeSeriesFile)) && ResultsFiles.ReadTimeSeries(dir).Count > 0))
            {
                await Task.Delay(50);
            }

            Assert.False(running.IsCompleted, "no second reached the file while the run went on");
            Assert.NotEmpty(ResultsFiles.ReadRequests(dir));
            run = await running;
        }

        byte[] journaled = File.ReadAllBytes(Path.Combine(dir, ResultsDirectory.RequestsFile));
        var journaledSeconds = ResultsFiles.ReadTimeSeries(dir);
        var (results, histograms) = ResultsFiles.Combine("t", [run], "x", "m", new Dictionary<string, string>(), AgentShare.Whole, false);
        ResultsFiles.Write(dir, results, histograms, run.TimeSeries, run.Requests);

        Assert.Equal(run.Series.Requests, ResultsFiles.ReadRequests(dir).Count);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, ResultsDirectory.RequestsFile)), journaled);
        // A second is journaled once over: its counts are final (tokens of streams open then may come later).
        Assert.Equal(run.TimeSeries.Select(r => (r.Second, r.Started, r.Finished, r.Active)), journaledSeconds.Select(r => (r.Second, r.Started, r.Finished, r.Active)));
    }

    [Fact]
    public void ReadBack_ALastLineWithoutItsNewline_IsLeftOut()
    {
        using var temp = new TempDirectory();
        string dir = temp.Path;
        var row = new RequestRow { Transport = "sse", LoadPoint = "c1", TtftMs = 12.5, E2eMs = 40, Tokens = 3 };
        using (var journal = ResultsJournal.Create(dir))
        {
            journal.Append([], [row, row with { TtftMs = 13 }]);
        }

        string line = row.ToCsv();
        File.AppendAllText(Path.Combine(dir, ResultsDirectory.RequestsFile), line[..(line.Length - 1)]); // a write the kill cut short

        Assert.Equal(new[] { 12.5, 13.0 }, ResultsFiles.ReadRequests(dir).Select(r => r.TtftMs!.Value));
    }
}
