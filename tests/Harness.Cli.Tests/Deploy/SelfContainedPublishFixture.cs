namespace Harness.Cli.Tests.Deploy;

/// <summary>Runs <c>./run.sh publish DIR</c> once: the self-contained linux-x64 harness the Dockerfile also builds.</summary>
public sealed class SelfContainedPublishFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-publish-").FullName;

    public string PublishDirectory => Path.Combine(_root, "harness");

    public string Harness => Path.Combine(PublishDirectory, "harness");

    /// <summary>An empty working directory, and the only entry of the child's PATH.</summary>
    public string Clean => Path.Combine(_root, "clean");

    /// <summary>
    /// The child's whole environment (<c>env -i</c>): no dotnet on PATH, DOTNET_ROOT pointing
    /// nowhere, so only what the publish folder holds can run.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PATH"] = Clean,
        ["HOME"] = Clean,
        ["DOTNET_ROOT"] = Path.Combine(_root, "no-dotnet-here"),
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Clean);
        var publish = await ChildProcess.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "run.sh"), "publish", PublishDirectory],
            _root, TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, $"./run.sh publish failed: {publish.Out}{publish.Error}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
