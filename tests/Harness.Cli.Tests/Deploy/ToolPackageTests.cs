namespace Harness.Cli.Tests.Deploy;

/// <summary>The <c>harness</c> .NET tool: packed, installed from the package folder, run from another directory.</summary>
[Collection(DeployCollection.Name)]
public sealed class ToolPackageTests(ToolPackageFixture tool) : IClassFixture<ToolPackageFixture>
{
    [Fact]
    public async Task InstalledTool_ShowsHelp()
    {
        await HarnessSmoke.HelpAsync(tool.Harness, tool.Elsewhere);
    }

    [Fact]
    public async Task InstalledTool_StreamsFromItsOwnFake()
    {
        await HarnessSmoke.FakeThenStreamAsync(tool.Harness, tool.Elsewhere);
    }
}
