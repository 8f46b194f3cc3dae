using System.Text;
using Harness.Cli.Options;
using Harness.Fakes;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Options;

/// <summary>
/// The one endpoint vocabulary, end to end through the verbs that use it, against an embedded fake
/// standing in for a "real" endpoint (given by URL, so every option takes the real-endpoint path).
/// No figure is judged, so it runs beside other test classes.
/// </summary>
public sealed class EndpointOptionsTests : IAsyncLifetime
{
    private static readonly string[] s_shortRun = ["--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--no-report"];

    private readonly string _dir = Directory.CreateTempSubdirectory("endpoint-options-").FullName;
    private FakeServer _fake = null!;

    public async Task InitializeAsync() =>
        _fake = await FakeServer.StartAsync(new FakeServerOptions { ApiKey = "sk-test-123" });

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string KeyFile()
    {
        string path = Path.Combine(_dir, "key");
        File.WriteAllText(path, "sk-test-123\n");
        return path;
    }

    [Fact]
    public async Task Compare_WithOnlyUrl_RunsTheTransportsThatHaveAnEndpoint_NoWsUrlDemanded()
    {
        string outDir = Path.Combine(_dir, "run");
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=5,itl=2,tokens=5", "--api-key-file", KeyFile(), .. s_shortRun, "--out", outDir]);

        Assert.True(code == 0, error);
        var (run, _) = ResultsDirectory.Read(outDir);
        // http:// gives sse only: sse-h2 over cleartext needs h2c, which few servers speak.
        Assert.Equal(["sse"], run.Series.Select(s => s.Transport));
        Assert.True(run.Series[0].Outcomes.GetValueOrDefault("ok") > 0, error);
    }

    [Fact]
    public async Task Compare_AgainstARealEndpoint_RequiresModel()
    {
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), .. s_shortRun, "--out", Path.Combine(_dir, "x")]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--model is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_AgainstARefusedEndpoint_TheFailureLineNamesTheCauseAndWhere()
    {
        using var refused = new RefusedPort();
        int port = refused.Port;
        string outDir = Path.Combine(_dir, "refused");
        // Longer than the probe window (UnservableEndpoint.ProbeWithoutWarmUp), so the stop is decided
        // however few requests a loaded machine sends: a run ending first just failed, not stopped.
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", $"http://127.0.0.1:{port}", "--model", "m", "--transports", "sse", "--rounds", "1", "--concurrency", "2", "--duration", "10s", "--warmup", "0s", "--no-report", "--out", outDir]);
        Assert.True(code == ExitCodes.Failed, error);
        // A refused port is an endpoint that cannot serve: the run stops on its first requests.
        var matches = System.Text.RegularExpressions.Regex.Matches(error, $@"harness: stopped: (every one of the (?:first )?(\d+) (?:warm-up )?requests failed \(connect_error \2; first: connection refused \(127\.0\.0\.1:{port}\)\))(; nothing measured)?$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(matches.Count == 1, error);
        var line = matches[0];

        // The report says it at its top too, cause and all (results.json keeps why it stopped).
        var (reported, _, reportError) = await CliRunner.RunAsync(["report", outDir]);
        Assert.True(reported == ExitCodes.Ok, reportError);
        string failed = "The run failed: stopped early: " + line.Groups[1].Value + line.Groups[3].Value + ".";
        string md = File.ReadAllText(Path.Combine(outDir, "summary.md"));
        Assert.True(md.IndexOf(failed, StringComparison.Ordinal) is > 0 and var at && at < md.IndexOf("Target:", StringComparison.Ordinal), md);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(failed), File.ReadAllText(Path.Combine(outDir, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_EveryRequestFailing_Exits1_EvenWithoutAThreshold()
    {
        // --header reaches the server: the fake answers 429 to every request that carries this one.
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake", "--api-key-file", KeyFile(), "--header", "x-fake-fault: status=429", .. s_shortRun, "--out", Path.Combine(_dir, "failed")]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("every request failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_Body_IsMergedIntoEveryRequest()
    {
        // The fake reads a "fault" field from the request body: proof the --body fields arrive.
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake", "--api-key-file", KeyFile(), "--body", "{\"fault\":\"status=500\",\"temperature\":0}", .. s_shortRun, "--out", Path.Combine(_dir, "body")]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("http_error", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--body", "[1]", "--body: must be a JSON object")]
    [InlineData("--body", "{\"model\":\"x\"}", "'model' is set by the harness")]
    [InlineData("--header", "no-colon", "--header: 'no-colon' is not 'Name: value'")]
    [InlineData("--header", "Authorization: Bearer x", "cannot carry Authorization")]
    [InlineData("--max-tokens", "0", "--max-tokens must be at least 1")]
    [InlineData("--tokenizer", "gpt9", "--tokenizer: unknown 'gpt9'")]
    [InlineData("--prompts", "/nonexistent/prompts.jsonl", "--prompts: '/nonexistent/prompts.jsonl' does not exist")]
    public async Task BadEndpointValues_AreOneLineUsageErrors(string option, string value, string expected)
    {
        var (code, _, error) = await CliRunner.RunAsync("stream", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake", option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Prompts_File_IsCycled_AndABadLineIsNamed()
    {
        string good = Path.Combine(_dir, "prompts.jsonl");
        File.WriteAllText(good, "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]\n\n[{\"role\":\"user\",\"content\":\"Count to three.\"}]\n");
        var (code, _, error) = await CliRunner.RunAsync("stream", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=1,itl=1,tokens=3", "--api-key-file", KeyFile(), "--prompts", good, "--no-warmup");
        Assert.True(code == 0, error);

        string bad = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(bad, "[{\"role\":\"user\",\"content\":\"ok\"}]\n{\"content\":\"not an array\"}\n");
        var (badCode, _, badError) = await CliRunner.RunAsync("stream", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake", "--prompts", bad);
        Assert.Equal(ExitCodes.Usage, badCode);
        Assert.Contains("bad.jsonl:2", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_TakesUrlFromOpenAiBaseUrl_AndKeyFromOpenAiApiKey()
    {
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = _fake.HttpBaseUrl + "v1",
            ["OPENAI_API_KEY"] = "sk-test-123",
        };
        var (code, output, error) = await CliRunner.RunProcessAsync(environment, [], "stream", "--model", "fake/ttft=1,itl=1,tokens=3", "--json", "--no-warmup");
        Assert.True(code == 0, error);
        Assert.Contains("\"outcome\": \"ok\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-123", output + error, StringComparison.Ordinal);

        // The key is what let it in: without it the fake answers 401.
        environment["OPENAI_API_KEY"] = null;
        var (noKey, _, _) = await CliRunner.RunProcessAsync(environment, [], "stream", "--model", "fake", "--no-warmup", "--retries", "0");
        Assert.Equal(ExitCodes.Failed, noKey);
    }

    [Fact]
    public async Task InputTokens_SendsAPromptOfThatManyTokens_AsTheFakeCountsIt()
    {
        var (code, output, error) = await CliRunner.RunAsync("stream", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=1,itl=1,tokens=3", "--api-key-file", KeyFile(), "--input-tokens", "300", "--json", "--no-warmup");
        Assert.True(code == 0, error);
        // The fake estimates prompt tokens from characters (about 4 per token): 300 real tokens is far more than the default prompt's handful.
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 100, output);
    }

    [Fact]
    public async Task Tokenizer_CountsOutputWithoutUsage_ChecksUsageWhenSent_AndNoneTurnsItOff()
    {
        string[] stream = ["stream", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=1,itl=1,tokens=12,chunk=3", "--api-key-file", KeyFile(), "--json", "--no-warmup"];
        async Task<System.Text.Json.JsonElement> Run(params string[] more)
        {
            var (code, output, error) = await CliRunner.RunAsync([.. stream, .. more]);
            Assert.True(code == 0, error);
            return System.Text.Json.JsonDocument.Parse(output).RootElement.Clone();
        }

        // No usage: the default tokenizer counts the 12 words sent in 4 deltas.
        var counted = await Run("--fault", "no-usage");
        Assert.Equal("counted", counted.GetProperty("token_source").GetString());
        Assert.Equal("o200k_base", counted.GetProperty("tokenizer").GetString());
        Assert.True(counted.GetProperty("tokens").GetInt64() > 4, counted.ToString());
        Assert.Equal(counted.GetProperty("counted_tokens").GetInt64(), counted.GetProperty("tokens").GetInt64());

        // Usage sent but wrong: the count is usage's, and the mismatch is reported.
        var wrong = await Run("--fault", "usage-tokens=40", "--tokenizer", "cl100k_base");
        Assert.Equal("usage", wrong.GetProperty("token_source").GetString());
        Assert.Equal(40, wrong.GetProperty("tokens").GetInt64());
        Assert.Equal("cl100k_base", wrong.GetProperty("tokenizer").GetString());
        Assert.Equal(wrong.GetProperty("counted_tokens").GetInt64() - 40, wrong.GetProperty("usage_vs_counted").GetProperty("difference").GetInt64());

        // none: no text kept, nothing counted, the deltas stand in.
        var none = await Run("--fault", "no-usage", "--tokenizer", "none");
        Assert.Equal("deltas", none.GetProperty("token_source").GetString());
        Assert.Equal(4, none.GetProperty("tokens").GetInt64());
        Assert.False(none.TryGetProperty("counted_tokens", out _));
    }

    [Fact]
    public async Task Compare_Tokenizer_ReportsUsageMismatchesPerSeries_NoneAgainstTheFakesOwn_AndNoneComparesNothing()
    {
        string wrong = Path.Combine(_dir, "wrong-usage");
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=5,itl=2,tokens=5", "--api-key-file", KeyFile(), "--header", "x-fake-fault: usage-tokens=50", .. s_shortRun, "--out", wrong]);
        Assert.True(code == 0, error);
        var accounting = ResultsDirectory.Read(wrong).Results.Series[0].TokenAccounting!;
        Assert.Equal("o200k_base", accounting.Tokenizer);
        Assert.True(accounting.Compared > 0, error);
        Assert.Equal(accounting.Compared, accounting.Mismatched);
        Assert.Equal(accounting.Compared, accounting.FromUsage);
        Assert.True(accounting.MeanRelativeDifference > 0.5, $"5 tokens sent, usage says 50: {accounting}");
        Assert.Contains("usage≠counted", error, StringComparison.Ordinal);

        // The fake's own usage is exact: its English text counts as the tokens it reports.
        string right = Path.Combine(_dir, "right-usage");
        (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=5,itl=2,tokens=40", "--api-key-file", KeyFile(), .. s_shortRun, "--out", right]);
        Assert.True(code == 0, error);
        var agreed = ResultsDirectory.Read(right).Results.Series[0].TokenAccounting!;
        Assert.True(agreed.Compared > 0, error);
        Assert.Equal(0, agreed.Mismatched);
        Assert.DoesNotContain("usage≠counted", error, StringComparison.Ordinal);

        string none = Path.Combine(_dir, "no-tokenizer");
        (code, _, error) = await CliRunner.RunAsync(["compare", "--url", _fake.HttpBaseUrl.ToString(), "--model", "fake/ttft=5,itl=2,tokens=5", "--api-key-file", KeyFile(), "--header", "x-fake-fault: usage-tokens=50", "--tokenizer", "none", .. s_shortRun, "--out", none]);
        Assert.True(code == 0, error);
        var off = ResultsDirectory.Read(none).Results.Series[0].TokenAccounting!;
        Assert.Null(off.Tokenizer);
        Assert.Equal(0, off.Compared);
        Assert.DoesNotContain("usage≠counted", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "gpt-4", "cl100k_base")]
    [InlineData(null, "gpt-4o-mini", "o200k_base")]
    [InlineData("o200k_base", "gpt-4", "o200k_base")]
    [InlineData("none", "gpt-4o", null)]
    public void TokenCounterFor_TakesTheGivenTokenizer_ElseTheModelsOwn(string? tokenizer, string model, string? expected) =>
        Assert.Equal(expected, EndpointOptions.TokenCounterFor(new Harness.Clients.EndpointSettings { Tokenizer = tokenizer, Model = model })?.Name);

    [Fact]
    public async Task OldKeySpellings_AreGone()
    {
        foreach (string old in new[] { "--key-file", "--api-key-env", "--api-key" })
        {
            var (code, _, _) = await CliRunner.RunAsync("compare", old, "x");
            Assert.Equal(ExitCodes.Usage, code);
        }
    }

    [Fact]
    public async Task SseParse_OnMalformedSkip_Works()
    {
        string path = Path.Combine(_dir, "in.sse");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("data: {not json\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n"));
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", "--openai", "--on-malformed", "skip", path);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("malformed\"", output, StringComparison.Ordinal);
        Assert.Contains("1 malformed chunk", error, StringComparison.Ordinal);
    }
}
