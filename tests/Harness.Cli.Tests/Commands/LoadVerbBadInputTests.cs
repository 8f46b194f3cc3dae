using System.Diagnostics;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>load</c>: a scenario file that is missing, unreadable, a directory, empty, truncated or wrong,
/// a bad option value, or an output that cannot be written is one line on stderr naming the file or
/// option, exit 2, before anything is measured; no stack trace.
/// </summary>
public sealed class LoadVerbBadInputTests : IDisposable
{
    // 30 s of load against the embedded fake: a bad input must fail long before it would end.
    private const string LongScenario = """{"name":"long","target":{"transport":"sse"},"warmUp":"100ms","load":[{"kind":"keepConstant","copies":1,"during":"30s"}]}""";

    private readonly string _root = Directory.CreateTempSubdirectory("harness-load-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, string> BadScenarios { get; } = new()
    {
        { "empty", string.Empty },
        { "truncated", """{"name":"x","load":[{"kind":"keepConstant","copies":1""" },
        { "not-an-object", "[1,2]" },
        { "no-load", """{"name":"x"}""" },
        { "bad-duration", """{"name":"x","load":[{"kind":"keepConstant","copies":1,"during":"5 parsecs"}]}""" },
        { "negative-rate", """{"name":"x","load":[{"kind":"inject","rate":-3,"interval":"1s","during":"5s"}]}""" },
        { "huge-rate", """{"name":"x","load":[{"kind":"inject","rate":1e300,"interval":"1s","during":"5s"}]}""" },
        { "zero-copies", """{"name":"x","load":[{"kind":"keepConstant","copies":0,"during":"5s"}]}""" },
        { "unknown-kind", """{"name":"x","load":[{"kind":"warp","during":"5s"}]}""" },
        { "unknown-key", """{"name":"x","lode":[]}""" },
        { "bad-transport", """{"name":"x","target":{"transport":"carrier-pigeon"},"load":[{"kind":"keepConstant","copies":1,"during":"5s"}]}""" },
        { "bad-url", """{"name":"x","target":{"url":"not a url"},"load":[{"kind":"keepConstant","copies":1,"during":"5s"}]}""" },
        { "bad-threshold", """{"name":"x","thresholds":["ttft fast"],"load":[{"kind":"keepConstant","copies":1,"during":"5s"}]}""" },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public async Task BadScenarioFile_OneLineNamingIt_Exit2(string name, string content)
    {
        string path = Path.Combine(_root, name + ".json");
        await File.WriteAllTextAsync(path, content);
        var (code, _, error) = await RunAsync("load", path, "--out", Path.Combine(_root, "out-" + name));
        AssertOneLine(code, error, path);
        Assert.False(File.Exists(Path.Combine(_root, "out-" + name, ResultsDirectory.ResultsFile)));
    }

    [Fact]
    public async Task ScenarioFile_NotUtf8_OneLineNamingIt()
    {
        string path = Path.Combine(_root, "binary.json");
        await File.WriteAllBytesAsync(path, [0xFF, 0xFE, 0x00, 0xD8, 0x7B, 0x00]);
        var (code, _, error) = await RunAsync("load", path);
        AssertOneLine(code, error, path);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    [InlineData("unreadable")]
    public async Task ScenarioFile_CannotBeRead_OneLineNamingIt(string kind)
    {
        string path = kind switch
        {
            "missing" => Path.Combine(_root, "nope.json"),
            "directory" => Directory.CreateDirectory(Path.Combine(_root, "dir.json")).FullName,
            _ => "/proc/self/mem", // opens, then every read fails (even for root)
        };
        var (code, _, error) = await RunAsync("load", path);
        AssertOneLine(code, error, path);
    }

    [Theory]
    [InlineData("--out", "/proc/x")]
    [InlineData("--out", "/dev/null")]
    [InlineData("--junit", "/proc/x/junit.xml")]
    [InlineData("--junit", "/tmp")]
    [InlineData("--agent", "3/2")]
    [InlineData("--agent", "half")]
    [InlineData("--start-at", "2001-01-01T00:00:00Z")]
    [InlineData("--start-at", "soon")]
    [InlineData("--schedule", "ttft=abc")]
    [InlineData("--schedule", "ttft=3000000000")]
    [InlineData("--threshold", "ttft p50 fast")]
    [InlineData("--prompts", "/nonexistent/prompts.jsonl")]
    [InlineData("--body", "{not json")]
    [InlineData("--max-tokens", "0")]
    [InlineData("--metrics-port", "70000")]
    public async Task BadOption_OneLineNamingIt_Exit2_BeforeTheRun(string option, string value)
    {
        string path = Path.Combine(_root, "long.json");
        await File.WriteAllTextAsync(path, LongScenario);
        var watch = Stopwatch.StartNew();
        string[] extra = option switch
        {
            "--out" => [],
            "--junit" => [option, value, "--threshold", "errors<1%"], // so that the file, not its missing verdicts, is refused
            _ => [option, value],
        };
        var (code, _, error) = await RunAsync(["load", path, "--out", option == "--out" ? value : Path.Combine(_root, "out"), "--no-report", .. extra]);
        AssertOneLine(code, error, option == "--out" ? value : option);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"took {watch.Elapsed}: the 30 s run was measured first");
        Assert.False(option != "--out" && Directory.Exists(Path.Combine(_root, "out")), "a refused run left the --out directory it made");
    }

    [Fact]
    public async Task Junit_WithoutThresholds_RefusedNotIgnored()
    {
        string path = Path.Combine(_root, "long.json");
        await File.WriteAllTextAsync(path, LongScenario);
        string junit = Path.Combine(_root, "j.xml");
        var (code, _, error) = await RunAsync(["load", path, "--out", Path.Combine(_root, "j"), "--no-report", "--junit", junit]);
        AssertOneLine(code, error, $"--junit writes the thresholds' verdicts: {path} has no \"thresholds\" and no --threshold was given");
        Assert.False(File.Exists(junit));
    }

    /// <summary>A missing file or a directory, where a file goes (and a file where a directory goes), says so plainly.</summary>
    [Theory]
    [InlineData("load MISSING", "harness: scenario file 'MISSING' does not exist")]
    [InlineData("load DIR", "harness: scenario file 'DIR' is a directory, not a file")]
    [InlineData("stream --url http://127.0.0.1:9 --model m --no-warmup --prompts MISSING", "harness: --prompts: 'MISSING' does not exist")]
    [InlineData("stream --url http://127.0.0.1:9 --model m --no-warmup --prompts DIR", "harness: --prompts: 'DIR' is a directory, not a file")]
    [InlineData("stream --ws-url ws://127.0.0.1:9 --model m --no-warmup --ws-dialect MISSING", "harness: --ws-dialect: 'MISSING' does not exist")]
    [InlineData("fake serve --no-warmup --profile DIR", "harness: --profile 'DIR' is a directory, not a file")]
    [InlineData("verify --claim errors<1% FILE", "harness: FILE: a file, not a results directory")]
    [InlineData("report MISSING", "harness: MISSING: does not exist")]
    public async Task FileOrDirectory_Mixup_SaysWhich(string command, string says)
    {
        string missing = Path.Combine(_root, "nope.json");
        string dir = Directory.CreateDirectory(Path.Combine(_root, "a-dir")).FullName;
        string file = Path.Combine(_root, "a-file.json");
        await File.WriteAllTextAsync(file, "{}");
        string Fill(string text) => text.Replace("MISSING", missing, StringComparison.Ordinal).Replace("DIR", dir, StringComparison.Ordinal).Replace("FILE", file, StringComparison.Ordinal);
        var (code, _, error) = await RunAsync([.. command.Split(' ').Select(Fill)]);
        AssertOneLine(code, error, Fill(says));
    }

    [Fact]
    public async Task StartAt_MoreThanADayAhead_Refused()
    {
        string path = Path.Combine(_root, "long.json");
        await File.WriteAllTextAsync(path, LongScenario);
        string at = DateTimeOffset.UtcNow.AddDays(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, error) = await RunAsync("load", path, "--out", Path.Combine(_root, "out"), "--start-at", at);
        AssertOneLine(code, error, $"--start-at: {at} is 72 h ahead, more than 24 h");
    }

    /// <summary>A number out of range in a scenario file is named by its key, with the value.</summary>
    [Theory]
    [InlineData("\"maxRequests\":0", "\"maxRequests\" must be at least 1, got 0")]
    [InlineData("\"maxInFlight\":-1", "\"maxInFlight\" must be at least 0, got -1")]
    [InlineData("\"maxRequests\":1.5", "\"maxRequests\" must be a whole number")]
    [InlineData("\"maxInFlight\":1e12", "\"maxInFlight\" must be a whole number of at most 2147483647, got 1000000000000")]
    [InlineData("\"saturationThresholdMs\":0", "\"saturationThresholdMs\" must be above 0, got 0")]
    [InlineData("\"saturationThresholdMs\":-5", "\"saturationThresholdMs\" must be above 0, got -5")]
    [InlineData("\"saturationThresholdMs\":\"NaN\"", "\"saturationThresholdMs\" must be a number")]
    [InlineData("\"drainTimeout\":1e300", "\"drainTimeout\" must be from 0 to 86400 seconds")]
    [InlineData("\"seed\":1e40", "\"seed\" must be a whole number")]
    public async Task ScenarioNumber_OutOfRange_NamedByItsKey(string field, string says)
    {
        string path = Path.Combine(_root, "range.json");
        await File.WriteAllTextAsync(path, "{\"name\":\"x\"," + field + ",\"load\":[{\"kind\":\"keepConstant\",\"copies\":1,\"during\":\"30s\"}]}");
        var (code, _, error) = await RunAsync("load", path, "--out", Path.Combine(_root, "out-range"));
        AssertOneLine(code, error, $"{path}: ");
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", "\"copies\" must be a whole number")]
    [InlineData("3000000000", "\"copies\" must be a whole number of at most 2147483647")]
    public async Task ScenarioCopies_NotAWholeInt_NamedByItsKey(string copies, string says)
    {
        string path = Path.Combine(_root, "copies.json");
        await File.WriteAllTextAsync(path, "{\"name\":\"x\",\"load\":[{\"kind\":\"keepConstant\",\"copies\":" + copies + ",\"during\":\"30s\"}]}");
        var (code, _, error) = await RunAsync("load", path, "--out", Path.Combine(_root, "out-copies"));
        AssertOneLine(code, error, says);
    }

    /// <summary>
    /// What the scenario's target names and the run cannot use is named by the scenario's key, not an
    /// option the user never gave; durations read as written ("0s", "per 1s"), not as TimeSpan's "00:00:00".
    /// </summary>
    [Theory]
    [InlineData("""{"target":{"url":"http://127.0.0.1:18399","model":"m","apiKeyFile":"no-key"},"load":[{"kind":"keepConstant","copies":1,"during":"1s"}]}""", "target.apiKeyFile: cannot read the API key file")]
    [InlineData("""{"target":{"url":"http://127.0.0.1:18399"},"load":[{"kind":"keepConstant","copies":1,"during":"1s"}]}""", "target.model is required")]
    [InlineData("""{"target":{"prompts":"no-prompts.jsonl"},"load":[{"kind":"keepConstant","copies":1,"during":"1s"}]}""", "no-prompts.jsonl' does not exist")]
    [InlineData("""{"load":[{"kind":"keepConstant","copies":1,"during":0}]}""", "duration must be above 0 and at most 24 h, got 0s")]
    [InlineData("""{"load":[{"kind":"inject","rate":1000000000000,"interval":"1s","during":"1s"}]}""", "got 1000000000000 per 1s")]
    [InlineData("""{"load":[{"kind":"keepConstant","copies":1,"during":"1s","interval":"1s"}]}""", "load step 1 (keepConstant): \"interval\" is not a key of a keepConstant step (it takes copies, during)")]
    [InlineData("""{"load":[{"kind":"inject","rate":1,"during":"1s"},{"kind":"pause","during":"1s","rate":5}]}""", "load step 2 (pause): \"rate\" is not a key of a pause step (it takes during)")]
    public async Task ScenarioTarget_NamedByTheScenariosKey(string scenario, string says)
    {
        string path = Path.Combine(_root, "target.json");
        await File.WriteAllTextAsync(path, scenario);
        var (code, _, error) = await RunAsync("load", path, "--out", Path.Combine(_root, "out-target"), "--no-report");
        AssertOneLine(code, error, $"{path}: ");
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.DoesNotContain("--api-key-file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarlierRunsDirectory_RefusedWithoutForce_NothingLost()
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "earlier"));
        byte[] before = await File.ReadAllBytesAsync(Path.Combine(dir, ResultsDirectory.ResultsFile));
        string path = Path.Combine(_root, "long.json");
        await File.WriteAllTextAsync(path, LongScenario);
        var (code, _, error) = await RunAsync("load", path, "--out", dir);
        AssertOneLine(code, error, "--force");
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(dir, ResultsDirectory.ResultsFile)));
    }

    private static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(60));

    private static void AssertOneLine(int code, string error, string names) => BadResultsDirectory.AssertOneLine(code, error, names);
}
