using CsCheck;
using Harness.Load.Simulations;

namespace Harness.Load.Tests;

/// <summary>Whatever a scenario file holds, <see cref="ScenarioFile.Parse"/> gives a scenario or its own errors.</summary>
public sealed class ScenarioFilePropertyTests
{
    private static readonly string[] s_samples =
    [
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Harness.Load", "Scenarios", "ttft-at-20rps.json")),
        """
        { "name": "n", "target": { "transport": "ws", "model": "m", "prompt": "p", "maxTokens": 10, "headers": { "a": "b" } },
          "warmUp": "1s", "maxRequests": 10, "maxInFlight": 2, "seed": 1, "drainTimeout": "5s", "thresholds": ["ttft p99 < 1s"],
          "load": [ { "kind": "keepConstant", "copies": 2, "during": "2s" }, { "kind": "pause", "during": "1s" },
                    { "kind": "rampingConstant", "copies": 4, "during": "500ms" } ] }
        """,
    ];

    [Fact]
    public void ArbitraryText_AScenarioOrFormatOrProfileException()
    {
        using var empty = new TempDirectory();
        ArbitraryInput.Text(s_samples).Sample(
            text =>
            {
                try
                {
                    var loaded = ScenarioFile.Parse(text, empty.Path);
                    loaded.Scenario.Validate();
                }
                catch (Exception ex) when (ex is FormatException or LoadProfileException)
                {
                }
            },
            iter: 3000,
            seed: "0N0XIzNsQ0O2");
    }
}
