namespace Harness.Load.Tests;

public sealed class ScenarioFileTests
{
    private const string Steps = "\"load\": [{ \"kind\": \"keepConstant\", \"copies\": 1, \"during\": \"1s\" }]";

    [Theory]
    [InlineData("{ \"target\": { \"maxTokn\": 5 }, " + Steps + " }", "\"target.maxTokn\"", "\"target.maxTokens\"")]
    [InlineData("{ \"treshholds\": [], " + Steps + " }", "\"treshholds\"", "\"thresholds\"")]
    [InlineData("{ \"load\": [{ \"kind\": \"keepConstant\", \"copies\": 1, \"durring\": \"1s\" }] }", "\"load[].durring\"", "\"load[].during\"")]
    public void UnknownKey_IsRejected_NamingItAndTheClosestKnownOne(string json, string unknown, string closest)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse(json));
        Assert.Contains($"unknown key {unknown}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"did you mean {closest}", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A key of another kind of step would be read by none: refused, naming the step.</summary>
    [Theory]
    [InlineData("{ \"kind\": \"keepConstant\", \"copies\": 1, \"during\": \"1s\", \"rate\": 5 }", "load step 1 (keepConstant): \"rate\" is not a key of a keepConstant step")]
    [InlineData("{ \"kind\": \"rampingConstant\", \"copies\": 1, \"during\": \"1s\", \"arrivals\": \"poisson\" }", "\"arrivals\" is not a key of a rampingConstant step")]
    [InlineData("{ \"kind\": \"pause\", \"during\": \"1s\", \"copies\": 1 }", "\"copies\" is not a key of a pause step (it takes during)")]
    public void StepKey_OfAnotherKind_IsRejected(string step, string says)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse("{ \"load\": [" + step + "] }"));
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Intended leniency: a number given as a string ("copies": "2") is read as that number, as durations read "30s" or seconds.</summary>
    [Fact]
    public void NumberAsString_IsReadAsTheNumber()
    {
        var loaded = ScenarioFile.Parse("{ \"load\": [{ \"kind\": \"keepConstant\", \"copies\": \"2\", \"during\": \"1s\" }] }");
        Assert.Equal(2, loaded.Scenario.Profile.PeakCopies);
    }

    [Fact]
    public void TargetKeys_AreTheCommandLinesEndpointVocabulary()
    {
        var loaded = ScenarioFile.Parse("""
            {
              "target": { "transport": "ws", "url": "https://api.example.com/v1", "wsUrl": "wss://api.example.com/ws",
                          "model": "m1", "prompt": "Hi", "maxTokens": 64, "headers": { "x-team": "a" },
                          "body": { "temperature": 0 }, "inputTokens": 100, "tokenizer": "cl100k_base", "insecure": true },
              "thresholds": ["ttft p95 < 500ms", "errors < 1%"],
              "load": [{ "kind": "keepConstant", "copies": 1, "during": "1s" }]
            }
            """);
        var e = loaded.Endpoint;
        Assert.Equal("https://api.example.com/v1", e.Url!.ToString());
        Assert.Equal("wss://api.example.com/ws", e.WebSocketUrl!.ToString());
        Assert.Equal("m1", e.Model);
        Assert.Equal("Hi", e.Conversations![0][0].Content);
        Assert.Equal(64, e.MaxTokens);
        Assert.Equal("a", e.Headers!["x-team"]);
        Assert.Equal(0, e.BodyFields!["temperature"].GetInt32());
        Assert.Equal(100, e.InputTokens);
        Assert.Equal("cl100k_base", e.Tokenizer);
        Assert.True(e.AcceptAnyCertificate);
        Assert.Equal(["ttft p95 < 500ms", "errors < 1%"], loaded.Scenario.Thresholds);
        Assert.Equal("wss://api.example.com/ws", loaded.Scenario.Target);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(", \"insecure\": false", false)]
    [InlineData(", \"insecure\": null", false)]
    [InlineData(", \"insecure\": true", true)]
    public void Insecure_IsOffUnlessTrue(string key, bool expected)
    {
        Assert.Equal(expected, ScenarioFile.Parse("{ \"target\": { \"url\": \"https://127.0.0.1:8443\"" + key + " }, " + Steps + " }").Endpoint.AcceptAnyCertificate);
    }

    /// <summary>Turning off authentication is not guessed from text or numbers.</summary>
    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public void Insecure_OtherThanABoolean_IsRejected(string value)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse("{ \"target\": { \"insecure\": " + value + " }, " + Steps + " }"));
        Assert.Equal($"\"target.insecure\" must be true or false, got {value}", ex.Message);
    }

    [Fact]
    public void PromptsFile_IsReadBesideTheScenario()
    {
        string dir = Directory.CreateTempSubdirectory("scenario-").FullName;
        File.WriteAllText(Path.Combine(dir, "p.jsonl"), "[{\"role\":\"user\",\"content\":\"one\"}]\n[{\"role\":\"user\",\"content\":\"two\"}]\n");
        var loaded = ScenarioFile.Parse("{ \"target\": { \"prompts\": \"p.jsonl\" }, " + Steps + " }", dir);
        Assert.Equal(["one", "two"], loaded.Scenario.ChatRequests().Select(r => r.Messages[0].Content));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void UnknownTokenizer_IsRejected_NamingTheKnownOnes()
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse("{ \"target\": { \"tokenizer\": \"gpt2\" }, " + Steps + " }"));
        Assert.Contains("target.tokenizer: unknown 'gpt2'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("o200k_base", ex.Message, StringComparison.Ordinal);
        Assert.Equal("none", ScenarioFile.Parse("{ \"target\": { \"tokenizer\": \"none\" }, " + Steps + " }").Endpoint.Tokenizer);
    }

    [Fact]
    public void TargetUrlWithCredentials_IsRejected_WithoutThePassword()
    {
        var ex = Assert.Throws<Simulations.LoadProfileException>(() => ScenarioFile.Parse("{ \"target\": { \"url\": \"https://bob:pw-3a4b5c6d7e@api.example.com/v1\" }, " + Steps + " }"));
        Assert.Contains("target.url: the URL carries credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-3a4b5c6d7e", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("url", "http://127.0.0.1:99999", "target.url: 'http://127.0.0.1:99999': port 99999 is out of range (1-65535)")]
    [InlineData("url", "ws://127.0.0.1:8080", "target.url: 'ws://127.0.0.1:8080' is not an http:// or https:// URL")]
    [InlineData("wsUrl", "http://127.0.0.1:8080", "target.wsUrl: 'http://127.0.0.1:8080' is not a ws:// or wss:// URL")]
    public void BadTargetUrl_IsRejected_SayingWhatIsWrong_AsTheOptionsDo(string key, string url, string message)
    {
        var ex = Assert.Throws<Simulations.LoadProfileException>(() => ScenarioFile.Parse($"{{ \"target\": {{ \"{key}\": \"{url}\" }}, " + Steps + " }"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void TargetUrlWithASignature_IsShownRedacted_AndSentAsGiven()
    {
        var loaded = ScenarioFile.Parse("{ \"target\": { \"url\": \"https://gw.example.com/v1?api-version=1&sig=s1g-9f8e7d6c\" }, " + Steps + " }");
        Assert.Equal("https://gw.example.com/v1?api-version=1&sig=[redacted]", loaded.Scenario.Target);
        Assert.Contains("sig=s1g-9f8e7d6c", loaded.Endpoint.Url!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorizationHeader_IsRejected()
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse("{ \"target\": { \"headers\": { \"Authorization\": \"Bearer x\" } }, " + Steps + " }"));
        Assert.Contains("Authorization", ex.Message, StringComparison.Ordinal);
    }
}
