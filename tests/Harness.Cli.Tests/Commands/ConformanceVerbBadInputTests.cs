using System.Diagnostics;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>conformance</c>: a missing or malformed option, a key file that cannot be read, an output
/// (<c>--out</c>, <c>--junit</c>) that cannot be written is one line naming it, exit 2, before any
/// check runs; no stack trace.
/// </summary>
public sealed class ConformanceVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-conformance-bad-").FullName;
    private readonly SilentServer _silent = new();

    public void Dispose()
    {
        _silent.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    // A server that never answers: had any check run, it would wait for its timeout.
    private string Url => $"http://127.0.0.1:{_silent.Port}";

    [Theory]
    [InlineData("--out", "/proc/x")]
    [InlineData("--out", "/dev/null")]
    [InlineData("--junit", "/proc/x/junit.xml")]
    [InlineData("--junit", "/tmp")]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "-1")]
    [InlineData("--timeout", "5000")]
    [InlineData("--rate-limit-header", "no-colon-here")]
    [InlineData("--header", "no-colon-here")]
    [InlineData("--header", "Authorization: Bearer x")]
    [InlineData("--ws-url", "http://not-a-ws-url")]
    [InlineData("--model", " ")]
    public async Task BadOption_OneLineNamingIt_Exit2_NoCheckRun(string option, string value)
    {
        var watch = Stopwatch.StartNew();
        // The defaults below, except the one under test (given twice, it would be a parse error instead).
        var given = new Dictionary<string, string> { ["--model"] = "m", ["--out"] = Path.Combine(_root, "out"), ["--timeout"] = "20", [option] = value };
        var (code, stdout, error) = await RunAsync(["conformance", "--url", Url, .. given.SelectMany(o => new[] { o.Key, o.Value })]);
        BadResultsDirectory.AssertOneLine(code, error, option switch
        {
            "--out" or "--junit" => value,
            "--timeout" => $"--timeout must be above 0 and at most 3600 seconds, got {value}",
            _ => option,
        });
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(0, _silent.Accepted);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task OutNamedWithAnEarlierRunsReport_IsKeptUnlessForce()
    {
        string dir = Path.Combine(_root, "named");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "conformance.json"), "{\"earlier\": true}");

        var (code, _, error) = await RunAsync("conformance", "--url", Url, "--model", "m", "--out", dir, "--timeout", "20");

        Assert.Equal(2, code);
        Assert.Equal($"harness: --out: {Path.Combine(dir, "conformance.json")} exists (an earlier run's); give --force to replace it", error.Trim());
        Assert.Equal("{\"earlier\": true}", await File.ReadAllTextAsync(Path.Combine(dir, "conformance.json")));
        Assert.Equal(0, _silent.Accepted);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    [InlineData("empty")]
    [InlineData("unreadable")]
    public async Task ApiKeyFile_CannotBeUsed_OneLineNamingIt_KeyNeverPrinted(string kind)
    {
        string path = kind switch
        {
            "missing" => Path.Combine(_root, "no-key"),
            "directory" => _root,
            "empty" => Path.Combine(_root, "empty-key"),
            _ => "/proc/self/mem",
        };
        if (kind == "empty")
        {
            await File.WriteAllTextAsync(path, "  \n");
        }

        var (code, _, error) = await RunAsync("conformance", "--url", Url, "--model", "m", "--api-key-file", path, "--out", Path.Combine(_root, "out"));
        BadResultsDirectory.AssertOneLine(code, error, "--api-key-file");
        Assert.Equal(0, _silent.Accepted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/v1")]
    public async Task NoUsableUrl_OneLineNamingIt_Exit2(string? url)
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENAI_BASE_URL")), "OPENAI_BASE_URL is set in the test environment");
        string[] args = url is null ? [] : ["--url", url];
        var (code, _, error) = await RunAsync(["conformance", .. args, "--model", "m", "--out", Path.Combine(_root, "out")]);
        BadResultsDirectory.AssertOneLine(code, error, "--url");
    }

    private static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(60));
}
