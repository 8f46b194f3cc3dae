using System.Diagnostics;

namespace Harness.Cli.Tests;

/// <summary>The top-level handler: what the outside world does is one line and exit 2, never a stack trace.</summary>
public sealed class CliAppTests
{
    [Fact]
    public async Task SseParse_StdinIsADirectory_OneLineExit2()
    {
        // The read fails after the open: the issue's `sse parse - < /tmp`, through a real shell.
        string dll = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet '{dll}' sse parse - < /tmp");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string error = await stderr;
        Assert.Equal(ExitCodes.Usage, process.ExitCode);
        Assert.Equal(string.Empty, await stdout);
        Assert.Equal("harness: standard input: Is a directory", error.Trim());
    }

    [Theory]
    [InlineData("verify --claim x --no-report", "--no-report", "verify")] // once read as the results directory, then the run options blamed
    [InlineData("verify --bogus value", "--bogus", "verify")]            // once 'Unrecognized ... value', not the option
    [InlineData("report --nope", "--nope", "report")]                    // once "--nope: does not exist"
    [InlineData("diff --nope a b", "--nope", "diff")]
    [InlineData("sse parse -x", "-x", "sse parse")]
    [InlineData("load --scn", "--scn", "load")]
    public async Task AMistypedOption_TheParserGaveToAnArgument_IsNamedAsAnUnknownOption(string line, string option, string verb)
    {
        var (code, output, error) = await CliRunner.RunAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"harness: unknown option '{option}' (see 'harness {verb} --help')", error.Trim());
    }

    [Fact]
    public async Task ARelativePathStartingWithADash_ThatExists_IsStillAPath()
    {
        string name = "-run-" + Guid.NewGuid().ToString("N"); // in the working directory, so relative
        Directory.CreateDirectory(name);
        try
        {
            var (code, _, error) = await CliRunner.RunAsync(["report", name]);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal($"harness: {name}: not a results directory (no results.json)", error.Trim());
        }
        finally
        {
            Directory.Delete(name);
        }
    }

    [Fact]
    public void Failure_Bug_IsInconclusiveNotUsage()
    {
        var failure = CliFailure.Of(new NullReferenceException("boom"));
        Assert.Equal(ExitCodes.StreamError, failure.ExitCode);
        Assert.Contains("internal error", failure.Line, StringComparison.Ordinal);
        Assert.Contains("--verbose", failure.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(UnauthorizedAccessException))]
    [InlineData(typeof(InvalidDataException))]
    [InlineData(typeof(System.Text.Json.JsonException))]
    [InlineData(typeof(HttpRequestException))]
    [InlineData(typeof(System.Net.Sockets.SocketException))]
    public void Failure_OutsideWorld_IsUsageWithTheMessage(Type type)
    {
        var ex = type == typeof(System.Net.Sockets.SocketException)
            ? new System.Net.Sockets.SocketException(111)
            : (Exception)Activator.CreateInstance(type, "x: what is wrong\nsecond line")!;
        var failure = CliFailure.Of(new AggregateException(ex));
        Assert.Equal(ExitCodes.Usage, failure.ExitCode);
        Assert.DoesNotContain("\n", failure.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_AStartAtMissed_IsUsage_NotABug()
    {
        var failure = CliFailure.Of(new Harness.Load.StartMissedException("--start-at 10:00:00.0 UTC had passed 2.0 s before this agent was ready to begin"));
        Assert.Equal(new CliFailure("--start-at 10:00:00.0 UTC had passed 2.0 s before this agent was ready to begin", ExitCodes.Usage), failure);
    }

    [Fact]
    public void Failure_ALoadProfileProblem_IsUsage_NotABug()
    {
        var failure = CliFailure.Of(new Harness.Load.Simulations.LoadProfileException(Harness.Load.Simulations.LoadProfileError.InvalidCopies, "step 1 (KeepConstant): copies must be 1..100000, got 0"));
        Assert.Equal(new CliFailure("step 1 (KeepConstant): copies must be 1..100000, got 0", ExitCodes.Usage), failure);
    }
}
