namespace Harness.Cli.Tests.Options;

/// <summary>
/// A URL with credentials and a key the harness could not send are usage errors: exit 2 and one
/// line that says where and what, showing neither the password nor the key.
/// </summary>
public sealed class EndpointRefusalTests : IDisposable
{
    private const string Password = "pw-9c8b7a6f5e4d";
    private const string Key = "sk-refusal-3e2d1c0b9a8f";
    private readonly string _dir = Directory.CreateTempSubdirectory("endpoint-refusal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("stream", "--url")]
    [InlineData("stream", "--ws-url")]
    [InlineData("compare", "--url")]
    [InlineData("conformance", "--url")]
    public async Task UrlWithCredentials_ExitsTwo_OneLine_WithoutThePassword(string verb, string option)
    {
        string scheme = option == "--ws-url" ? "ws" : "http";
        var (code, output, error) = await CliRunner.RunAsync(verb, option, $"{scheme}://bob:{Password}@127.0.0.1:9/v1", "--model", "m");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"{option}: the URL carries credentials", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer " + Key, "starts with 'Bearer '")]
    [InlineData(Key + "\n" + Key + "-second", "line break")]
    [InlineData("sk-refusal\u20133e2d1c0b9a8f", "non-ASCII")] // an en dash pasted for a hyphen
    public async Task BadKeyFile_ExitsTwo_OneLine_NamingTheFileNotTheKey(string content, string problem)
    {
        string file = Path.Combine(_dir, "key");
        await File.WriteAllTextAsync(file, content + "\n");
        var (code, output, error) = await CliRunner.RunAsync("stream", "--url", "http://127.0.0.1:9/v1", "--model", "m", "--api-key-file", file, "--no-warmup");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("3e2d1c0b9a8f", output + error, StringComparison.Ordinal);
    }
}
