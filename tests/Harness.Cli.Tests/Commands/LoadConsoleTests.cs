using Harness.Cli.Commands;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// The saturation warning names the part of the run whose lag passed the threshold, and stays silent
/// otherwise; the run's exit code fails a series that served nothing, and does not call a stopped run failed.
/// </summary>
public sealed class LoadConsoleTests
{
    [Fact]
    public void TheSaturationWarning_NamesTheRoundThatPassed_NotTheLowerLagOfAllRoundsTogether()
    {
        // The merged series' lag (1.25 ms) is under the threshold; round 2's alone (7.3 ms) is over.
        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "c100",
            Outcomes = new() { ["ok"] = 300 },
            Metrics = new() { [MetricNames.StartDelay] = Lag(1.25) },
            Rounds = [.. new[] { 1, 7.3, 1 }.Select((lag, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.StartDelay] = Lag(lag) } })],
        };
        var error = new StringWriter();

        LoadConsole.WarnIfSaturated(new CliConsole(TextWriter.Null, error), new RunResults { Name = "t", Series = [series], Saturation = SaturationStatus.Of([series], 5) });

        Assert.Equal(
            "harness: warning: harness saturated (scheduling lag p99 7.3 ms > 5 ms in sse c100, round 2 of 3; 1.25 ms over its 3 rounds taken together): these figures describe the client, not the server",
            error.ToString().TrimEnd());
    }

    [Fact]
    public void NoSaturationWarning_WhenNoMeasuredRequestFinished_AsAtTheReportsTop()
    {
        // Interrupted before any request ended: no latency was recorded for the lag to skew, and the
        // report's top shows only "no measured request finished: …".
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c4", Metrics = new() { [MetricNames.StartDelay] = Lag(24.99) } };
        var error = new StringWriter();

        LoadConsole.WarnIfSaturated(new CliConsole(TextWriter.Null, error), new RunResults { Name = "t", Series = [series], Saturation = SaturationStatus.Of([series], 5) });

        Assert.True(SaturationStatus.Of([series], 5).Saturated);
        Assert.Equal(RunFailure.NoneMeasured, RunFailure.Of([series]));
        Assert.StartsWith("no measured request finished: none started in the measured window", RunFailure.NoneMeasured, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void NoSaturationWarning_WhenEveryRequestFailed_TheFailureIsTheHeadline()
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c4", Outcomes = new() { ["connect_error"] = 21944 }, Metrics = new() { [MetricNames.StartDelay] = Lag(24.99) } };
        var error = new StringWriter();

        LoadConsole.WarnIfSaturated(new CliConsole(TextWriter.Null, error), new RunResults { Name = "t", Series = [series], Saturation = SaturationStatus.Of([series], 5) });

        Assert.Empty(error.ToString());
    }

    [Fact]
    public void NoWarning_WhenNoPartPassedTheThreshold()
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Metrics = new() { [MetricNames.StartDelay] = Lag(4.9) } };
        var error = new StringWriter();

        LoadConsole.WarnIfSaturated(new CliConsole(TextWriter.Null, error), new RunResults { Name = "t", Series = [series], Saturation = SaturationStatus.Of([series], 5) });

        Assert.Empty(error.ToString());
    }

    [Fact]
    public void ASeriesThatFailedEveryRequest_FailsTheRun_AndIsNamed_EvenWhenAnotherServed()
    {
        var error = new StringWriter();
        LoadSeriesRun[] runs =
        [
            Run("sse", new() { ["ok"] = 120 }),
            Run("ws", new() { ["http_error"] = 90, ["stopped"] = 3 }, "http_error: HTTP 500 (Internal Server Error)"),
        ];

        int code = LoadConsole.RunExitCode(runs, new CliConsole(TextWriter.Null, error));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal(
            "harness: the run failed: every request of ws c20 failed (90 of 93: http_error 90, stopped 3; first: http_error: HTTP 500 (Internal Server Error))",
            error.ToString().TrimEnd());
    }

    [Fact]
    public void ASeriesWithSomeSuccesses_PassesTheRun()
    {
        var error = new StringWriter();

        int code = LoadConsole.RunExitCode([Run("sse", new() { ["ok"] = 1, ["http_error"] = 99 })], new CliConsole(TextWriter.Null, error));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void ARunWhoseRequestsWereAllStopped_IsSaidToBeStopped_NotFailed()
    {
        var error = new StringWriter();

        int code = LoadConsole.RunExitCode([Run("sse", new() { ["stopped"] = 10 })], new CliConsole(TextWriter.Null, error));

        Assert.Equal(ExitCodes.Failed, code); // the signal's own code replaces it
        Assert.Equal("harness: the run was stopped before any request finished (stopped 10)", error.ToString().TrimEnd());
    }

    [Fact]
    public void ASeriesStoppedBecauseItsEndpointCannotServe_FailsTheRun_InOneLine_EvenWhenAnotherServed()
    {
        var error = new StringWriter();
        const string Why = "every one of the 20 warm-up requests failed (http_error(401) 20; first: HTTP 401: bad key)";
        var stopped = Run("sse", []);
        LoadSeriesRun[] runs = [stopped with { Series = stopped.Series with { StoppedBecause = Why } }, Run("ws", new() { ["ok"] = 120 })];

        int code = LoadConsole.RunExitCode(runs, new CliConsole(TextWriter.Null, error));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal($"harness: stopped sse c20: {Why}; nothing measured", error.ToString().TrimEnd());
    }

    [Fact]
    public void ARunStoppedWhole_SaysStoppedOnce_NotAlsoThatNothingFinished()
    {
        var error = new StringWriter();
        var run = Run("sse", []);

        int code = LoadConsole.RunExitCode([run with { Series = run.Series with { StoppedBecause = "the one warm-up request failed (connect_error 1)" } }], new CliConsole(TextWriter.Null, error));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("harness: stopped: the one warm-up request failed (connect_error 1); nothing measured", error.ToString().TrimEnd());
    }

    [Fact]
    public void TheSeriesLine_DoesNotCallASeriesThatServedNothing_Saturated()
    {
        var error = new StringWriter();
        var run = Run("sse", new() { ["connect_error"] = 21944 });

        LoadConsole.PrintSeries(new CliConsole(TextWriter.Null, error), run with { Saturation = new SaturationStatus { Saturated = true, LagP99Ms = 24.99 } });

        Assert.DoesNotContain("SATURATED", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSeriesLine_NamesTheOutcomes_WhenThereAreErrors()
    {
        var error = new StringWriter();

        LoadConsole.PrintSeries(new CliConsole(TextWriter.Null, error), Run("ws", new() { ["ok"] = 5, ["http_error"] = 7, ["timeout"] = 2 }));

        Assert.Contains("requests=14 errors=9 (http_error 7, timeout 2) late=", error.ToString(), StringComparison.Ordinal);
    }

    private static LoadSeriesRun Run(string transport, Dictionary<string, long> outcomes, string? firstFailure = null) => new()
    {
        Series = new SeriesResult { Transport = transport, LoadPoint = "c20", Requests = outcomes.Values.Sum(), Outcomes = outcomes },
        Histograms = new HistogramSet(),
        TimeSeries = [],
        Requests = [],
        Saturation = SaturationStatus.Of([], 5),
        FirstFailure = firstFailure,
    };

    private static MetricSummary Lag(double p99Ms) => new() { Count = 1000, P99 = p99Ms };
}
