using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Harness.Cli.Tests;

/// <summary>docs/architecture.md's reference table says exactly what the project files say.</summary>
public sealed partial class ArchitectureDocTests
{
    [Fact]
    public void ReferenceTable_MatchesEveryProjectFile()
    {
        string root = RepositoryRoot.Path;
        var documented = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in ReferenceRow().Matches(File.ReadAllText(Path.Combine(root, "docs", "architecture.md"))))
        {
            documented[row.Groups["project"].Value] = Normalise(row.Groups["refs"].Value.Split(','));
        }

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string dir in new[] { "src", "fakes", "conformance", "reports", "benchmarks", "tests" })
        {
            foreach (string project in Directory.EnumerateFiles(Path.Combine(root, dir), "*.csproj", SearchOption.AllDirectories))
            {
                var references = XDocument.Load(project).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value));
                actual[Path.GetFileNameWithoutExtension(project)] = Normalise(references);
            }
        }

        Assert.Equal(actual, documented);
    }

    private static string Normalise(IEnumerable<string> names) =>
        string.Join(", ", names.Select(n => n.Trim()).Where(n => n.Length > 0).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"^\| (?<project>Harness\.[A-Za-z.]+) \| (?<refs>[A-Za-z., ]*?) ?\|$", RegexOptions.Multiline)]
    private static partial Regex ReferenceRow();
}
