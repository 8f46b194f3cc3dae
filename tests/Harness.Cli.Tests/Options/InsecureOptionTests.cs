using Harness.Fakes;

namespace Harness.Cli.Tests.Options;

/// <summary>
/// <c>--insecure</c> is one of the shared endpoint options: every verb that sends requests to a
/// given endpoint takes it, with one meaning. Against a fake serving HTTPS with a self-signed
/// certificate on 127.0.0.1, each verb fails without it, its failure line naming the untrusted
/// certificate and the option; with it, the run succeeds and says once on stderr that any
/// certificate was accepted. No figure is judged, so it runs beside other test classes.
/// </summary>
public sealed class InsecureOptionTests : IAsyncLifetime
{
    private const string Warning = "harness: warning: --insecure: any TLS certificate is accepted";
    private const string Hint = "--insecure accepts any certificate";
    private const string Model = "fake/ttft=2,itl=1,tokens=3";

    private readonly string _dir = Directory.CreateTempSubdirectory("insecure-").FullName;
    private FakeServer _tls = null!;

    public static TheoryData<string> Verbs { get; } = ["stream", "compare", "load", "verify", "conformance", "overhead"];

    public async Task InitializeAsync() => _tls = await FakeServer.StartAsync(new FakeServerOptions { Tls = true });

    public async Task DisposeAsync()
    {
        await _tls.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task SelfSignedEndpoint_FailsNamingInsecure_AndWithInsecureIsMeasured_SayingSoOnce(string verb)
    {
        var (refused, _, refusedError) = await CliRunner.RunAsync(Args(verb, "refused"));
        Assert.True(refused == ExitCodes.Failed, $"{verb} without --insecure: exit {refused}\n{refusedError}");
        Assert.Contains("the server's TLS certificate is not trusted", refusedError, StringComparison.Ordinal);
        Assert.Contains(Hint, refusedError, StringComparison.Ordinal);
        Assert.DoesNotContain(Warning, refusedError, StringComparison.Ordinal);

        var (accepted, _, acceptedError) = await CliRunner.RunAsync([.. Args(verb, "accepted"), "--insecure"]);
        Assert.True(accepted == ExitCodes.Ok, $"{verb} --insecure: exit {accepted}\n{acceptedError}");
        Assert.Single(acceptedError.Split('\n'), line => line.StartsWith(Warning, StringComparison.Ordinal));
        Assert.DoesNotContain("not trusted", acceptedError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScenarioKey_Insecure_AcceptsTheCertificate_AndTheWarningNamesTheKey()
    {
        string scenario = Path.Combine(_dir, "file-insecure.json");
        File.WriteAllText(scenario, $$"""
            { "name": "tls", "target": { "url": "{{_tls.HttpsBaseUrl}}", "model": "{{Model}}", "insecure": true },
              "load": [ { "kind": "keepConstant", "copies": 1, "during": "1s" } ] }
            """);
        var (code, _, error) = await CliRunner.RunAsync(["load", scenario, "--no-report", "--out", Path.Combine(_dir, "load-file-insecure")]);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Single(error.Split('\n'), line => line.StartsWith($"harness: warning: {scenario}: target.insecure: any TLS certificate is accepted", StringComparison.Ordinal));
        Assert.DoesNotContain("not trusted", error, StringComparison.Ordinal);
    }

    /// <summary>The embedded fake serves plain http: --insecure changes nothing there, and a note says so.</summary>
    [Theory]
    [InlineData("compare")]
    [InlineData("load")]
    public async Task Insecure_WithTheEmbeddedFake_IsNotedAsHavingNoEffect(string verb)
    {
        string output = Path.Combine(_dir, $"{verb}-embedded");
        string scenario = Path.Combine(_dir, "embedded.json");
        File.WriteAllText(scenario, """{ "name": "embedded", "target": { "model": "fake/ttft=2,itl=1,tokens=3" }, "load": [ { "kind": "keepConstant", "copies": 1, "during": "1s" } ] }""");
        string[] args = verb == "compare"
            ? ["compare", "--model", Model, "--transports", "sse", "--concurrency", "1", "--duration", "1s", "--warmup", "0s", "--rounds", "1", "--no-report", "--out", output, "--insecure"]
            : ["load", scenario, "--no-report", "--out", output, "--insecure"];
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Single(error.Split('\n'), line => line.StartsWith("harness: note: --insecure has no effect: the embedded fake serves plain http", StringComparison.Ordinal));
        Assert.DoesNotContain(Warning, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overhead_WithInsecure_StillReadsTheTlsFakesSchedule()
    {
        var (code, output, error) = await CliRunner.RunAsync([.. Args("overhead", "schedule"), "--insecure"]);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("Upstream: the harness's fake", output, StringComparison.Ordinal);
    }

    private string[] Args(string verb, string run)
    {
        string https = _tls.HttpsBaseUrl!.ToString();
        string output = Path.Combine(_dir, $"{verb}-{run}");
        string[] shortRun = ["--transports", "sse", "--concurrency", "1", "--duration", "1s", "--warmup", "0s", "--out", output];
        switch (verb)
        {
            case "stream":
                return ["stream", "--url", https, "--model", Model, "--no-warmup", "--retries", "0"];
            case "compare":
                return ["compare", "--url", https, "--model", Model, "--rounds", "1", "--no-report", .. shortRun];
            case "verify":
                return ["verify", "--claim", "ttft p50 < 10s", "--url", https, "--model", Model, .. shortRun];
            case "load":
                string scenario = Path.Combine(_dir, $"{run}.json");
                File.WriteAllText(scenario, $$"""
                    { "name": "tls", "target": { "url": "{{https}}", "model": "{{Model}}" },
                      "load": [ { "kind": "keepConstant", "copies": 1, "during": "1s" } ] }
                    """);
                return ["load", scenario, "--no-report", "--out", output];
            case "conformance":
                return ["conformance", "--url", https, "--ws-url", _tls.WssUrl!.ToString(), "--model", "fake", "--timeout", "10", "--out", output];
            default:
                return ["overhead", "--direct", https, "--via", https, "--model", Model, "--duration", "1s", "--concurrency", "1", "--out", output];
        }
    }
}
