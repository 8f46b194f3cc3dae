namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// Packs the CLI once (<c>dotnet pack --no-build</c>: the build that ran the tests made it) and
/// installs the package as a tool into a temporary tool path, from the package folder only.
/// </summary>
public sealed class ToolPackageFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);
    private readonly string _root = Directory.CreateTempSubdirectory("harness-tool-").FullName;

    /// <summary>The installed tool's command.</summary>
    public string Harness => Path.Combine(ToolPath, "harness");

    public string ToolPath => Path.Combine(_root, "tools");

    /// <summary>An empty directory outside the repository to run the tool from.</summary>
    public string Elsewhere => Path.Combine(_root, "elsewhere");

    public async Task InitializeAsync()
    {
        string packages = Path.Combine(_root, "packages");
        Directory.CreateDirectory(Elsewhere);
        var pack = await ChildProcess.RunAsync("dotnet", [
            "pack", Path.Combine(RepositoryRoot.Path, "src", "Harness.Cli", "Harness.Cli.csproj"),
            "-c", "Release", "--no-build", "--nologo", "-v", "quiet", "-o", packages], RepositoryRoot.Path, s_timeout);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {pack.Out}{pack.Error}");
        Assert.Single(Directory.GetFiles(packages, "Harness.Cli.*.nupkg"));

        // Only the local folder is a source, so the test proves the package alone is enough.
        await File.WriteAllTextAsync(Path.Combine(Elsewhere, "nuget.config"),
            "<configuration><packageSources><clear /></packageSources></configuration>");
        var install = await ChildProcess.RunAsync("dotnet", [
            "tool", "install", "Harness.Cli", "--tool-path", ToolPath, "--add-source", packages], Elsewhere, s_timeout);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed: {install.Out}{install.Error}");
        File.Delete(Path.Combine(Elsewhere, "nuget.config"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
