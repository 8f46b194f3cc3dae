using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Reports.Claims;

namespace Harness.Cli.Tests;

/// <summary>
/// docs/ci-example.yml is a user's workflow that can pass: it runs the installed harness, not this
/// repository's scripts, its claims parse, and its run is large enough for its error-share claims
/// to be met by an endpoint that fails nothing (the example once asked 4 streams × 60 s of a real
/// model for "errors &lt; 1%", which needs 381 requests: exit 3 on every pull request).
/// </summary>
public sealed partial class CiExampleTests
{
    private static readonly string s_text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "ci-example.yml"));

    [Fact]
    public void TheWorkflow_RunsTheInstalledHarness_NotThisRepositorysScripts()
    {
        Assert.DoesNotContain("./run.sh", s_text, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install", s_text, StringComparison.Ordinal);
    }

    [Fact]
    public void ItsRun_HasEnoughRequests_ForEveryErrorShareClaim_WithoutErrors()
    {
        // An open-model run: rate × duration requests, whatever the model's speed.
        var rate = RateOption().Match(s_text);
        var duration = DurationOption().Match(s_text);
        Assert.True(rate.Success && duration.Success, "the measuring step sends at a fixed --rate for a --duration in seconds");
        double requests = double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) * double.Parse(duration.Groups[1].Value, CultureInfo.InvariantCulture);

        var claims = ClaimOption().Matches(s_text).Select(m => Claim.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(claims.OfType<ErrorShareClaim>());
        Assert.All(claims.OfType<ErrorShareClaim>(), c => Assert.True(requests >= ErrorShareClaim.RequestsToMeet(c.Share), $"{c.Canonical} needs {ErrorShareClaim.RequestsToMeet(c.Share)} requests; the run sends {requests}"));
    }

    [GeneratedRegex(@"--rate (\d+(?:\.\d+)?)\b")]
    private static partial Regex RateOption();

    [GeneratedRegex(@"--duration (\d+)s\b")]
    private static partial Regex DurationOption();

    [GeneratedRegex("--claim \"([^\"]+)\"")]
    private static partial Regex ClaimOption();
}
