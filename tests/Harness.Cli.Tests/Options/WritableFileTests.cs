using Harness.Load.Results;

namespace Harness.Cli.Tests.Options;

/// <summary>
/// No verb replaces a file it was told to write (<c>--record</c>, <c>--junit</c>, <c>--chart</c>,
/// conformance's reports) without <c>--force</c>: it may be an earlier run's only copy. The refusal
/// is one line naming the file and <c>--force</c>, exit 2, before anything is measured, and the file
/// is left as it was.
/// </summary>
public sealed class WritableFileTests : IDisposable
{
    private const string Earlier = "an earlier run's file";

    private readonly string _root = Directory.CreateTempSubdirectory("harness-overwrite-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Each verb and option that writes a named file; FILE is where the existing file goes.</summary>
    public static TheoryData<string, string> Writers { get; } = new()
    {
        { "stream --record", "stream --url http://127.0.0.1:9/v1 --model m --no-warmup --record FILE" },
        { "compare --junit", "compare --transports sse --concurrency 1 --duration 30s --warmup 100ms --no-report --threshold errors<1% --out OUT --junit FILE" },
        { "load --junit", "load SCENARIO --no-report --out OUT --threshold errors<1% --junit FILE" },
        { "verify --junit", "verify --claim errors<1% --junit FILE RESULTS" },
        { "diff --junit", "diff BASELINE RESULTS --junit FILE" },
        { "diff --chart", "diff BASELINE RESULTS --chart FILE" },
        { "overhead --junit", "overhead --direct http://127.0.0.1:9 --via http://127.0.0.1:10 --model m --claim LATENCY --out OUT --junit FILE" },
        { "overhead --chart", "overhead --direct http://127.0.0.1:9 --via http://127.0.0.1:10 --model m --out OUT --chart FILE" },
        { "overhead --from --junit", "overhead --from RESULTS --claim LATENCY --junit FILE" },
        { "conformance --junit", "conformance --url http://127.0.0.1:9 --model m --out OUT --junit FILE" },
        { "conformance --out", "conformance --url http://127.0.0.1:9 --model m --out OUT" },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task ExistingFile_RefusedWithoutForce_LeftAsItWas(string name, string command)
    {
        string file = Path.Combine(_root, "earlier.out");
        string output = Path.Combine(_root, "out");
        if (name == "conformance --out")
        {
            file = Path.Combine(Directory.CreateDirectory(output).FullName, "conformance.json");
        }

        await File.WriteAllTextAsync(file, Earlier);
        var (code, _, error) = await CliRunner.RunAsync(Args(command, file, output)).WaitAsync(TimeSpan.FromSeconds(25));
        BadResultsDirectory.AssertOneLine(code, error, file);
        Assert.Contains("exists", error, StringComparison.Ordinal);
        Assert.Contains("give --force to replace it", error, StringComparison.Ordinal);
        Assert.Equal(Earlier, await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("verify --claim errors<1% --force --junit FILE RESULTS", "<testsuite")]
    [InlineData("diff BASELINE RESULTS --force --junit FILE", "<testsuite")]
    public async Task ExistingFile_WithForce_Replaced(string command, string written)
    {
        string file = Path.Combine(_root, "earlier.xml");
        await File.WriteAllTextAsync(file, Earlier);
        var (code, _, error) = await CliRunner.RunAsync(Args(command, file, Path.Combine(_root, "out")));
        Assert.True(code != ExitCodes.Usage, error);
        Assert.Contains(written, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFile_Replaced_NothingToLose()
    {
        // As 'harness stream --record "$(mktemp)"' gives it.
        string file = Path.Combine(_root, "empty.xml");
        await File.WriteAllTextAsync(file, string.Empty);
        var (code, _, error) = await CliRunner.RunAsync(Args("verify --claim errors<1% --junit FILE RESULTS", file, Path.Combine(_root, "out")));
        Assert.True(code != ExitCodes.Usage, error); // judged (met or inconclusive), not refused
        Assert.Contains("<testsuite", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream --url http://127.0.0.1:9/v1 --model m --no-warmup --record FILE")]
    [InlineData("diff BASELINE RESULTS --chart FILE")]
    public async Task FileInAMissingDirectory_SaysSo_NotOurProbeFile(string command)
    {
        string missing = Path.Combine(_root, "no-such-dir");
        string file = Path.Combine(missing, "out.file");
        var (code, _, error) = await CliRunner.RunAsync(Args(command, file, Path.Combine(_root, "out"))).WaitAsync(TimeSpan.FromSeconds(25));
        BadResultsDirectory.AssertOneLine(code, error, file);
        Assert.Contains($"the directory {missing} does not exist", error, StringComparison.Ordinal);
        Assert.DoesNotContain("probe", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    /// <summary>A file where the directory should be: named as such, not "already exists" or "does not exist".</summary>
    [Theory]
    [InlineData("verify --claim errors<1% --junit FILE RESULTS")]
    [InlineData("diff BASELINE RESULTS --chart FILE")]
    public async Task FileUnderAFile_NamesTheFileInTheWay(string command)
    {
        string afile = Path.Combine(_root, "afile");
        await File.WriteAllTextAsync(afile, "mine");
        string file = Path.Combine(afile, "sub", "out.file");
        var (code, _, error) = await CliRunner.RunAsync(Args(command, file, Path.Combine(_root, "out"))).WaitAsync(TimeSpan.FromSeconds(25));
        BadResultsDirectory.AssertOneLine(code, error, file);
        Assert.Contains($"cannot be written: {afile} is a file, not a directory", error, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(afile));
    }

    private string[] Args(string command, string file, string output)
    {
        string results = Path.Combine(_root, "results"), baseline = Path.Combine(_root, "baseline");
        foreach (string dir in new[] { results, baseline })
        {
            if (!File.Exists(Path.Combine(dir, ResultsDirectory.ResultsFile)))
            {
                BadResultsDirectory.WriteValid(dir); // two runs: diff refuses one run on both sides
            }
        }

        string scenario = Path.Combine(_root, "long.json");
        File.WriteAllText(scenario, """{"name":"long","target":{"transport":"sse"},"warmUp":"100ms","load":[{"kind":"keepConstant","copies":1,"during":"30s"}]}""");
        return [.. command.Split(' ').Select(a => a switch
        {
            "FILE" => file,
            "OUT" => output,
            "RESULTS" => results,
            "BASELINE" => baseline,
            "SCENARIO" => scenario,
            "LATENCY" => "ttft p50 < 5ms",
            _ => a,
        })];
    }
}
