using System.Text.Json;

namespace Harness.Cli.Tests.Deploy;

/// <summary>The self-contained linux-x64 harness runs with no .NET installed: a clean environment, no SDK on PATH.</summary>
[Collection(DeployCollection.Name)]
public sealed class SelfContainedPublishTests(SelfContainedPublishFixture published) : IClassFixture<SelfContainedPublishFixture>
{
    [Fact]
    public void Publish_CarriesItsOwnRuntimes()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.PublishDirectory, "harness.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");

        // A framework-dependent app lists "frameworks" to look up; a self-contained one only
        // records what it includes.
        Assert.False(options.TryGetProperty("frameworks", out _));
        var included = options.GetProperty("includedFrameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("Microsoft.NETCore.App", included);
        Assert.Contains("Microsoft.AspNetCore.App", included);
    }

    [Fact]
    public async Task Binary_ShowsHelp_WithNoDotnetOnPath()
    {
        Assert.False(File.Exists(Path.Combine(published.Clean, "dotnet")));
        await HarnessSmoke.HelpAsync(published.Harness, published.Clean, published.Environment, cleanEnvironment: true);
    }

    [Fact]
    public async Task Binary_StreamsFromItsOwnFake_WithNoDotnetOnPath()
    {
        await HarnessSmoke.FakeThenStreamAsync(published.Harness, published.Clean, published.Environment, cleanEnvironment: true);
    }
}
