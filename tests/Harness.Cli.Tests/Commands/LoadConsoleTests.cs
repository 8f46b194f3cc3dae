using Harness.Cli.Commands;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>The saturation warning names the part of the run whose lag passed the threshold, and stays silent otherwise.</summary>
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
            Metrics = new() { [MetricNames.StartDelay] = Lag(1.25) },
            Rounds = [.. new[] { 1, 7.3, 1 }.Select((lag, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.StartDelay] = Lag(lag) } })],
        };
        var error = new StringWriter();

        LoadConsole.WarnIfSaturated(new CliConsole(TextWriter.Null, error), SaturationStatus.Of([series], 5));

        Assert.Equal(
            "harness: warning: harness saturated (scheduling lag p99 7.3 ms > 5 ms in sse c100, round 2 of 3; 1.25 ms over its 3 rounds taken together): these figures describe the client, not the server",
            error.ToString().TrimEnd());
    }

    [Fact]
    public void NoWarning_WhenNoPartPassedTheThreshold()
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Metrics = new() { [MetricNames.StartDelay] = Lag(4.9) } };
        var error = new StringWriter();

        LoadConsole.WarnIfSaturated(new CliConsole(TextWriter.Null, error), SaturationStatus.Of([series], 5));

        Assert.Empty(error.ToString());
    }

    private static MetricSummary Lag(double p99Ms) => new() { Count = 1000, P99 = p99Ms };
}
