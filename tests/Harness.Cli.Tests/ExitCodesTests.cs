using System.CommandLine;
using System.Text.RegularExpressions;
using Harness.Cli.Tests.Deploy;

namespace Harness.Cli.Tests;

/// <summary>
/// Every exit code a verb's <c>--help</c> (or a doc) names means what <see cref="ExitCodes"/> says it
/// means: 0 ok/met, 1 not met or failed, 2 usage or unreadable input, 3 inconclusive or a stream error.
/// Stale text ("2 inconclusive") fails here, naming the verb and the words.
/// </summary>
public sealed partial class ExitCodesTests
{
    // The words that say what a code means, most specific first ("within --max-regression" is 0,
    // "not met" is 1 before "met" is 0, "refused" is 2 before "otherwise" is 1).
    private static readonly (string Words, int Code)[] s_meanings =
    [
        ("within", ExitCodes.Ok),
        ("inconclusive", ExitCodes.Inconclusive), ("undecided", ExitCodes.Inconclusive), ("cannot be decided", ExitCodes.Inconclusive),
        ("stream error", ExitCodes.StreamError), ("internal error", ExitCodes.StreamError),
        ("usage", ExitCodes.Usage), ("do not match", ExitCodes.Usage), ("refused", ExitCodes.Usage), ("refuses", ExitCodes.Usage), ("cannot be read", ExitCodes.Usage),
        ("not met", ExitCodes.Failed), ("regressed", ExitCodes.Failed), ("regression", ExitCodes.Failed), ("fails", ExitCodes.Failed), ("failed", ExitCodes.Failed), ("otherwise", ExitCodes.Failed), ("any other outcome", ExitCodes.Failed), ("truncated", ExitCodes.Failed),
        ("met", ExitCodes.Ok), ("ok", ExitCodes.Ok), ("at end of input", ExitCodes.Ok),
    ];

    /// <summary>Every command's path (<c>verify</c>, <c>sse parse</c>, ...), found the way the CLI finds its verbs.</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            data.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : path + " " + sub.Name);
            }
        }

        Walk(CliApp.CreateRoot(new CliConsole(TextWriter.Null, TextWriter.Null)), string.Empty);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_NamesEachExitCodeWithItsMeaningInTheTable(string command)
    {
        string[] args = [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == ExitCodes.Ok, error);
        AssertAgrees($"harness {command} --help", output, strict: true);
    }

    [Fact]
    public void Docs_NameEachExitCodeWithItsMeaningInTheTable()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Append(Path.Combine(RepositoryRoot.Path, "README.md"));
        foreach (string file in files)
        {
            // Prose only: console examples are not statements about exit codes, and a paragraph ends a sentence.
            string prose = Regex.Replace(File.ReadAllText(file), "```.*?```", ". ", RegexOptions.Singleline);
            AssertAgrees(Path.GetFileName(file), Regex.Replace(prose, @"\n\s*\n", ". "), strict: false);
        }
    }

    [Theory]
    [InlineData("Exit 0 met, 1 not met, 2 inconclusive, 3 usage.", 2)]
    [InlineData("A series with too few requests is **inconclusive** (exit 2): a p50 needs at least 10.", 1)]
    [InlineData("Exit 0 met, 1 not met, 3 inconclusive, 2 usage.", 0)]
    [InlineData("Compare runs that differ (otherwise refused, exit 2).", 0)]
    [InlineData("Runs that differ are refused with exit 3 and compared with --force.", 1)]
    public void Checker_FindsStaleText(string text, int wrong) =>
        Assert.Equal(wrong, Mentions(text).Count(m => Meaning(m.Phrase) is int meant && meant != m.Code));

    /// <summary>
    /// Every mention in <paramref name="text"/> agrees with the table; <paramref name="strict"/> (help
    /// text) also requires each to use the table's words, where prose may say more freely what 0 or 1 means.
    /// </summary>
    private static void AssertAgrees(string where, string text, bool strict)
    {
        foreach (var (code, phrase) in Mentions(text))
        {
            int? meant = Meaning(phrase);
            Assert.True(meant is not null || !strict, $"{where}: exit {code} \"{phrase}\" says nothing the exit-code table knows; say it in the table's words");
            if (meant is null)
            {
                continue;
            }

            Assert.True(meant == code, $"{where}: exit {code} \"{phrase}\" reads as {meant} in the table (0 ok/met, 1 not met or failed, 2 usage, 3 inconclusive or stream error)");
        }
    }

    private static int? Meaning(string phrase)
    {
        foreach (var (words, code) in s_meanings)
        {
            if (Regex.IsMatch(phrase, $@"\b{Regex.Escape(words)}\b", RegexOptions.IgnoreCase))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>(code, what it is said to mean) for "Exit 0 met, 1 not met, ..." lists and "... (exit N)" asides.</summary>
    private static IEnumerable<(int Code, string Phrase)> Mentions(string text)
    {
        text = Regex.Replace(text, @"\s+", " ");
        foreach (Match list in ExitList().Matches(text))
        {
            string[] items = list.Groups["items"].Value.Split(", ");
            foreach (string item in items)
            {
                var m = Regex.Match(item, @"^(?:or )?(?<code>\d+) (?<phrase>.+)$");
                if (!m.Success)
                {
                    continue;
                }

                // "... are refused with exit 2 and compared with --force": one code whose meaning came before it.
                string phrase = m.Groups["phrase"].Value.Trim();
                if (items.Length == 1 && Meaning(phrase) is null)
                {
                    phrase = Regex.Match(text[..list.Index], @"[^,.;:()]*$").Value.Trim();
                }

                yield return (int.Parse(m.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture), phrase);
            }
        }

        foreach (Match aside in ExitAside().Matches(text))
        {
            string phrase = aside.Groups["inside"].Success && aside.Groups["inside"].Value.Length > 0 ? aside.Groups["inside"].Value : aside.Groups["before"].Value;
            yield return (int.Parse(aside.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture), phrase.Trim(' ', '*', '`'));
        }
    }

    // "Exit 0 met, 1 not met, 3 inconclusive": a code then its meaning, comma-separated.
    [GeneratedRegex(@"\b[Ee]xits? (?<items>\d+ [^,.;:()]+(?:, (?:or )?\d+ [^,.;:()]+)*)")]
    private static partial Regex ExitList();

    // "... is inconclusive (exit 2)" or "(otherwise refused, exit 2)": the meaning comes before the code.
    [GeneratedRegex(@"(?<before>[^,.;:()]*)\((?:(?<inside>[^()]*?), )?exit (?<code>\d+)\)")]
    private static partial Regex ExitAside();
}
