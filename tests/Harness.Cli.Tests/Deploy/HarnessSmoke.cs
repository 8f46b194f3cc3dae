using System.Text.Json;

namespace Harness.Cli.Tests.Deploy;

/// <summary>What every deployed form of the harness must do: show its help, and stream from its own fake.</summary>
internal static class HarnessSmoke
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary><c>harness --help</c> exits 0 and lists the verbs.</summary>
    public static async Task HelpAsync(string harness, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, bool cleanEnvironment = false)
    {
        var (code, output, error) = await ChildProcess.RunAsync(harness, ["--help"], workingDirectory, s_timeout, environment, cleanEnvironment);

        Assert.True(code == 0, $"harness --help exited {code}: {error}");
        foreach (string verb in new[] { "stream", "fake", "compare", "load", "merge" })
        {
            Assert.Contains("  " + verb, output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// <c>harness fake serve</c> (Kestrel: needs the ASP.NET Core runtime) in one process and
    /// <c>harness stream --json</c> against it in another: the stream is ok with the fake's 5 tokens.
    /// </summary>
    public static async Task FakeThenStreamAsync(string harness, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, bool cleanEnvironment = false)
    {
        using var fake = ChildProcess.Start(harness, ["fake", "serve", "--port", "0", "--schedule", "ttft=10,itl=2,tokens=5"], workingDirectory, environment, cleanEnvironment);
        string urls = await fake.ReadLineAsync(s_timeout);
        string http;
        using (var doc = JsonDocument.Parse(urls))
        {
            http = doc.RootElement.GetProperty("http").GetString()!;
        }

        var (code, output, error) = await ChildProcess.RunAsync(harness, ["stream", "--url", http, "--model", "fake", "--json", "--retries", "0"], workingDirectory, s_timeout, environment, cleanEnvironment);

        Assert.True(code == 0, $"harness stream exited {code}: {error}");
        using var timeline = JsonDocument.Parse(output);
        Assert.Equal("ok", timeline.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(5, timeline.RootElement.GetProperty("tokens").GetInt32());
    }
}
