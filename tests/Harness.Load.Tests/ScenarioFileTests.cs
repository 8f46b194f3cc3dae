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

    /// <summary>
    /// A target or load of another shape is refused: skipped, a URL given as a string ran the
    /// embedded fake and exited 0, and a single step given as an object said the profile had no steps.
    /// </summary>
    [Theory]
    [InlineData("{ \"target\": \"http://127.0.0.1:1/v1\", " + Steps + " }", "\"target\" must be an object", "got a string")]
    [InlineData("{ \"target\": [{ \"url\": \"http://127.0.0.1:1/v1\" }], " + Steps + " }", "\"target\" must be an object", "got a list")]
    [InlineData("{ \"load\": { \"kind\": \"keepConstant\", \"copies\": 1, \"during\": \"1s\" } }", "\"load\" must be a list of steps", "got an object")]
    public void TargetOrLoadOfAnotherShape_IsRejected(string json, string says, string got)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse(json));
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Contains(got, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>An empty prompt list crashed the run (a division by zero choosing the next prompt); an empty prompt ran.</summary>
    [Theory]
    [InlineData("[]", "\"target.prompts\" is an empty list")]
    [InlineData("[\"hi\", \"\"]", "\"target.prompts\"[1] is empty")]
    public void EmptyPrompts_AreRejected(string prompts, string says)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse($"{{ \"target\": {{ \"prompts\": {prompts} }}, " + Steps + " }"));
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyConversations_AreRejectedByTheScenario()
    {
        var scenario = ScenarioFile.Parse("{ " + Steps + " }").Scenario with { Conversations = [] };
        var ex = Assert.Throws<Simulations.LoadProfileException>(scenario.Validate);
        Assert.Contains("at least one prompt", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The file refuses what the command line refuses (--max-tokens -3, --input-tokens 0).</summary>
    [Theory]
    [InlineData("\"maxTokens\": -3", "\"target.maxTokens\" must be at least 1, got -3")]
    [InlineData("\"maxTokens\": 0", "\"target.maxTokens\" must be at least 1, got 0")]
    [InlineData("\"inputTokens\": 0", "\"target.inputTokens\" must be at least 1, got 0")]
    [InlineData("\"inputTokens\": 2000000", "\"target.inputTokens\" must be at most 1000000, got 2000000")]
    public void TokenCounts_OutOfRange_AreRejected(string key, string says)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse($"{{ \"target\": {{ {key} }}, " + Steps + " }"));
        Assert.Equal(says, ex.Message);
    }

    /// <summary>A bad value says which key, and in which step.</summary>
    [Theory]
    [InlineData("{ \"warmUp\": \"5x\", " + Steps + " }", "\"warmUp\": '5x' is not a duration")]
    [InlineData("{ \"drainTimeout\": \"5x\", " + Steps + " }", "\"drainTimeout\": '5x' is not a duration")]
    [InlineData("{ \"load\": [{ \"kind\": \"pause\", \"during\": \"1s\" }, { \"kind\": \"keepConstant\", \"copies\": 1, \"during\": \"5x\" }] }", "load step 2: \"during\": '5x' is not a duration")]
    [InlineData("{ \"load\": [{ \"kind\": \"inject\", \"rate\": 1, \"during\": \"1s\", \"arrivals\": \"burst\" }] }", "load step 1: arrivals must be uniform or poisson, got 'burst'")]
    [InlineData("{ \"load\": [{ \"kind\": \"keepConstant\", \"copies\": 1 }] }", "load step 1: keepConstant needs \"during\"")]
    [InlineData("{ \"load\": [{ \"copies\": 1, \"during\": \"1s\" }] }", "load step 1: no \"kind\"")]
    public void BadValue_NamesItsKeyAndStep(string json, string says)
    {
        var ex = Assert.ThrowsAny<Exception>(() => ScenarioFile.Parse(json));
        Assert.True(ex is FormatException or Simulations.LoadProfileException, ex.GetType().Name);
        Assert.StartsWith(says, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A key given twice: the last won without a word.</summary>
    [Theory]
    [InlineData("{ \"name\": \"a\", \"name\": \"b\", " + Steps + " }", "\"name\" is given twice")]
    [InlineData("{ \"target\": { \"model\": \"a\", \"model\": \"b\" }, " + Steps + " }", "\"model\" is given twice")]
    public void DuplicateKey_IsRejected(string json, string says)
    {
        var ex = Assert.Throws<FormatException>(() => ScenarioFile.Parse(json));
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("give each key once", ex.Message, StringComparison.Ordinal);
    }
}
