using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// No registry is reachable here, so the image is not built in CI; these tests pin the Dockerfile
/// to what is tested: it builds with exactly <c>./run.sh publish DIR</c> (the command
/// <see cref="SelfContainedPublishTests"/> runs), ships that directory, and runs it as non-root.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string s_root = RepositoryRoot.Path;
    private readonly List<Instruction> _instructions = Read(Path.Combine(s_root, "Dockerfile"));

    [Fact]
    public void Dockerfile_HasAnSdkBuildStageAndANonSdkRunStage()
    {
        var froms = _instructions.Where(i => i.Keyword == "FROM").ToList();

        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", froms[0].Arguments);
        Assert.StartsWith("mcr.microsoft.com/dotnet/", froms[1].Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("/sdk:", froms[1].Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStage_RunsExactlyThePublishCommandTheTestsRun()
    {
        var build = Stage(0);
        var runs = build.Where(i => i.Keyword == "RUN").Select(i => i.Arguments).ToList();

        // One RUN, and it is the tested command; no other dotnet invocation anywhere.
        var run = Assert.Single(runs);
        Assert.Matches(PublishCommand(), run);
        Assert.DoesNotContain(_instructions, i => i.Arguments.Contains("dotnet ", StringComparison.Ordinal));
    }

    [Fact]
    public void RunStage_ShipsThePublishedDirectory_AndRunsItsHarness()
    {
        string published = PublishCommand().Match(Assert.Single(Stage(0), i => i.Keyword == "RUN").Arguments).Groups["dir"].Value;
        var run = Stage(1);

        Assert.Contains(run, i => i.Keyword == "COPY" && i.Arguments == $"--from=build {published} {published}");
        var entrypoint = Assert.Single(run, i => i.Keyword == "ENTRYPOINT");
        Assert.Equal([published + "/harness"], JsonSerializer.Deserialize<string[]>(entrypoint.Arguments)!);
    }

    [Fact]
    public void RunStage_IsNotRoot()
    {
        var user = Assert.Single(Stage(1), i => i.Keyword == "USER").Arguments;

        // $APP_UID is the non-root user the .NET images define (1654).
        Assert.Equal("$APP_UID", user);
        Assert.Equal("USER", Stage(1).Last(i => i.Keyword is "USER" or "RUN").Keyword);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputOut_AndEverySourceThePublishNeedsIn()
    {
        var patterns = File.ReadAllLines(Path.Combine(s_root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        foreach (string output in new[] { "artifacts", "**/bin", "**/obj", ".git", "results" })
        {
            Assert.Contains(output, patterns);
        }

        foreach (string needed in new[] { "run.sh", "global.json", "Directory.Build.props", "Directory.Packages.props", "src", "fakes", "conformance", "reports" })
        {
            Assert.True(File.Exists(Path.Combine(s_root, needed)) || Directory.Exists(Path.Combine(s_root, needed)), $"{needed} is not in the repository");
            Assert.DoesNotContain(patterns, p => p.TrimEnd('/') == needed || needed.StartsWith(p.TrimEnd('/') + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Read_JoinsContinuationLines_AndSkipsComments()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("dockerfile-").FullName, "Dockerfile");
        File.WriteAllText(path, "# c\nFROM a AS b\nRUN x \\\n  y\n\nUSER 1\n");

        var instructions = Read(path);

        Assert.Equal(["FROM a AS b", "RUN x y", "USER 1"], instructions.Select(i => i.Keyword + " " + i.Arguments));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    /// <summary>The command SelfContainedPublishFixture runs, with the output directory captured.</summary>
    [GeneratedRegex(@"^\./run\.sh publish (?<dir>/[\w./-]+)$")]
    private static partial Regex PublishCommand();

    private List<Instruction> Stage(int index)
    {
        int stage = -1;
        return _instructions.Where(i => (stage += i.Keyword == "FROM" ? 1 : 0) == index && i.Keyword != "FROM").ToList();
    }

    /// <summary>Instructions with their continuation lines joined (the subset of Dockerfile syntax used here).</summary>
    private static List<Instruction> Read(string path)
    {
        var list = new List<Instruction>();
        string pending = string.Empty;
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            line = (pending + line).Trim();
            pending = string.Empty;
            if (line.Length > 0)
            {
                int space = line.IndexOf(' ');
                list.Add(new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
            }
        }

        return list;
    }

    private sealed record Instruction(string Keyword, string Arguments);
}
