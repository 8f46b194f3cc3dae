using System.Globalization;
using System.Text.Json;
using Harness.Clients;
using Harness.Core;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// Reads a scenario from JSON (see docs/endpoints.md):
/// <c>{"name", "target": {"transport", "url", "wsUrl", "apiKeyFile", "headers", "model", "prompt",
/// "prompts", "maxTokens", "body", "inputTokens", "tokenizer", "insecure"}, "warmUp", "maxRequests",
/// "maxInFlight", "seed", "drainTimeout", "saturationThresholdMs", "thresholds": ["ttft p95 &lt; 500ms", ...],
/// "load": [{"kind": "keepConstant|rampingConstant|inject|rampingInject|pause", "copies", "rate",
/// "interval", "during", "arrivals": "uniform|poisson"}]}</c>. The target's keys are the command
/// line's endpoint options in camelCase. Durations are <c>"30s"</c>-style text or seconds. A
/// missing <c>url</c> means the embedded fake. An unknown key is an error naming the closest known one.
/// </summary>
public static class ScenarioFile
{
    // A day: longer than any step or timeout means anything, and TimeSpan overflows far beyond it.
    private const double MaxSeconds = 86_400;

    private static readonly string[] s_rootKeys = ["name", "target", "warmUp", "maxRequests", "maxInFlight", "seed", "drainTimeout", "saturationThresholdMs", "thresholds", "load"];
    private static readonly string[] s_targetKeys = ["transport", "url", "wsUrl", "apiKeyFile", "headers", "model", "prompt", "prompts", "maxTokens", "body", "inputTokens", "tokenizer", "insecure"];
    private static readonly string[] s_stepKeys = ["kind", "copies", "rate", "interval", "during", "arrivals"];

    /// <summary>A parsed scenario file: the scenario plus its endpoint settings (no URL: the embedded fake).</summary>
    /// <param name="Scenario">The scenario.</param>
    /// <param name="Endpoint">The target's endpoint vocabulary, for the command line to override.</param>
    public sealed record Loaded(LoadScenario Scenario, EndpointSettings Endpoint);

    /// <summary>
    /// Parses JSON text; <see cref="LoadProfileException"/> or <see cref="FormatException"/> with one
    /// line on bad input. A <c>"prompts"</c> file is read relative to <paramref name="baseDirectory"/>.
    /// </summary>
    public static Loaded Parse(string json, string? baseDirectory = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"scenario file is not valid JSON: {JsonProblem.Describe(ex)}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a scenario file is a JSON object");
            }

            RequireKnownKeys(root, s_rootKeys, string.Empty);
            // A target or load of another shape would be skipped, not refused: a URL given as a
            // string would run against the embedded fake and exit 0.
            var target = Prop(root, "target") is { } t
                ? t.ValueKind == JsonValueKind.Object ? t : throw new FormatException($"\"target\" must be an object like {{\"url\": \"https://...\", \"model\": \"...\"}}, got {Shape(t)}")
                : default;
            RequireKnownKeys(target, s_targetKeys, "target.");
            string transportName = Str(target, "transport") ?? "sse";
            if (!TransportNames.TryParse(transportName, out var transport))
            {
                throw new LoadProfileException(LoadProfileError.InvalidTarget, $"unknown transport '{transportName}' (sse, sse-h2, ws)");
            }

            var endpoint = Endpoint(target, baseDirectory);
            var steps = new List<LoadSimulation>();
            if (Prop(root, "load") is { } load)
            {
                if (load.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"\"load\" must be a list of steps like [{{\"kind\": \"keepConstant\", \"copies\": 10, \"during\": \"30s\"}}], got {Shape(load)}");
                }

                foreach (var step in load.EnumerateArray())
                {
                    RequireKnownKeys(step, s_stepKeys, "load[].");
                    steps.Add(NamedStep(step, steps.Count + 1));
                }
            }

            var scenario = new LoadScenario
            {
                Name = Str(root, "name") ?? "load",
                Transport = transport,
                Target = (transport == Transport.WebSocket ? endpoint.WebSocketUrl ?? endpoint.Url : endpoint.Url ?? endpoint.WebSocketUrl) is { } shown ? EndpointUrl.ForDisplay(shown) : RunResults.EmbeddedFakeTarget,
                Model = endpoint.Model ?? EndpointSettings.FakeModel,
                Conversations = endpoint.Conversations,
                Headers = endpoint.Headers,
                MaxTokens = endpoint.MaxTokens,
                BodyFields = endpoint.BodyFields,
                Thresholds = Prop(root, "thresholds") is { ValueKind: JsonValueKind.Array } th
                    ? th.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException("\"thresholds\" must be a list of strings like \"ttft p95 < 500ms\"")).ToList()
                    : Prop(root, "thresholds") is null ? [] : throw new FormatException("\"thresholds\" must be a list of strings like \"ttft p95 < 500ms\""),
                WarmUp = Duration(root, "warmUp") ?? TimeSpan.Zero,
                MaxRequests = AtLeast(Long(root, "maxRequests"), 1, "maxRequests") ?? 1_000_000,
                MaxInFlight = (int?)AtLeast(Int(root, "maxInFlight"), 0, "maxInFlight") ?? 0,
                Seed = Int(root, "seed") ?? 1,
                DrainTimeout = Duration(root, "drainTimeout") ?? LoadScenario.DefaultDrainTimeout,
                SaturationThreshold = Num(root, "saturationThresholdMs") is { } ms
                    ? ms is > 0 and <= MaxSeconds * 1000 ? TimeSpan.FromMilliseconds(ms) : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"\"saturationThresholdMs\" must be above 0, got {ms}"))
                    : TimeSpan.FromMilliseconds(Results.SaturationStatus.DefaultThresholdMs),
                Profile = new LoadProfile(steps),
            };
            scenario.Validate();
            return new Loaded(scenario, endpoint);
        }
    }

    private static EndpointSettings Endpoint(JsonElement target, string? baseDirectory)
    {
        Uri? Url(string key, params string[] schemes)
        {
            if (Str(target, key) is not { } u)
            {
                return null;
            }

            try
            {
                return EndpointUrl.Parse(u, schemes);
            }
            catch (FormatException ex)
            {
                throw new LoadProfileException(LoadProfileError.InvalidTarget, $"target.{key}: {ex.Message}");
            }
        }

        Dictionary<string, string>? headers = null;
        if (Prop(target, "headers") is { } h)
        {
            if (h.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("\"target.headers\" must be an object of \"Name\": \"value\"");
            }

            headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in h.EnumerateObject())
            {
                EndpointSettings.AddHeader(headers, header.Name + ": " + (header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : header.Value.GetRawText()));
            }
        }

        IReadOnlyList<IReadOnlyList<ChatMessage>>? conversations = null;
        if (Str(target, "prompt") is { } prompt)
        {
            conversations = [[new ChatMessage("user", prompt)]];
        }

        switch (Prop(target, "prompts"))
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.Array } list when conversations is null:
                conversations = list.EnumerateArray()
                    .Select((e, i) => (IReadOnlyList<ChatMessage>)[new ChatMessage("user", e.ValueKind == JsonValueKind.String
                        ? e.GetString() is { Length: > 0 } text ? text : throw new FormatException($"\"target.prompts\"[{i}] is empty")
                        : throw new FormatException("\"target.prompts\" is a list of strings or a JSONL file name"))])
                    .ToList();
                if (conversations.Count == 0)
                {
                    throw new FormatException("\"target.prompts\" is an empty list: give at least one prompt");
                }

                break;
            case { ValueKind: JsonValueKind.String } file when conversations is null:
                try
                {
                    conversations = ConversationFile.Read(Path.Combine(baseDirectory ?? string.Empty, file.GetString()!));
                }
                catch (IOException ex)
                {
                    throw new FormatException($"target.prompts: {ex.Message}");
                }

                break;
            default:
                throw new FormatException(conversations is null ? "\"target.prompts\" is a list of strings or a JSONL file name" : "give \"target.prompt\" or \"target.prompts\", not both");
        }

        return new EndpointSettings
        {
            Url = Url("url", "http", "https"),
            WebSocketUrl = Url("wsUrl", "ws", "wss"),
            ApiKeyFile = Str(target, "apiKeyFile") is { } keyFile ? Path.Combine(baseDirectory ?? string.Empty, keyFile) : null,
            Headers = headers,
            Model = Str(target, "model"),
            Conversations = conversations,
            MaxTokens = (int?)AtLeast(Int(target, "maxTokens"), 1, "target.maxTokens"),
            BodyFields = Prop(target, "body") is { } body ? RequestBodyFields.Parse(body.GetRawText()) : null,
            InputTokens = (int?)AtMost(AtLeast(Int(target, "inputTokens"), 1, "target.inputTokens"), 1_000_000, "target.inputTokens"),
            Tokenizer = Str(target, "tokenizer") is { } tokenizer && !TokenCounter.IsKnown(tokenizer)
                ? throw new FormatException($"target.tokenizer: unknown '{tokenizer}' ({string.Join(", ", TokenCounter.Names)}, {TokenCounter.NoneName})")
                : Str(target, "tokenizer"),
            AcceptAnyCertificate = Prop(target, "insecure") switch
            {
                null => false,
                { ValueKind: JsonValueKind.True } => true,
                { ValueKind: JsonValueKind.False } => false,
                // Strict, unlike numbers: "yes" or "false" as text would be a guess about turning off authentication.
                { } v => throw new FormatException($"\"target.insecure\" must be true or false, got {v.GetRawText()}"),
            },
        };
    }

    private static void RequireKnownKeys(JsonElement e, string[] known, string prefix)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (!known.Contains(p.Name, StringComparer.Ordinal))
            {
                throw new FormatException(JsonProblem.UnknownKey(p.Name, known, prefix));
            }
        }
    }

    // Each step's errors name the step: a file of several steps with one bad duration said only "'5x' is not a duration".
    private static LoadSimulation NamedStep(JsonElement e, int number)
    {
        const string Prefix = "load step ";
        try
        {
            return Step(e, number);
        }
        catch (FormatException ex) when (!ex.Message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"{Prefix}{number}: {ex.Message}", ex);
        }
        catch (LoadProfileException ex) when (!ex.Message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new LoadProfileException(ex.Error, $"{Prefix}{number}: {ex.Message}");
        }
    }

    private static LoadSimulation Step(JsonElement e, int number)
    {
        string kind = Str(e, "kind") ?? throw new LoadProfileException(LoadProfileError.Empty, "no \"kind\" (keepConstant, rampingConstant, inject, rampingInject, pause)");
        RequireKeysOfKind(e, kind, number);
        TimeSpan during = Duration(e, "during") ?? throw new LoadProfileException(LoadProfileError.InvalidDuration, $"{kind} needs \"during\"");
        TimeSpan interval = Duration(e, "interval") ?? TimeSpan.FromSeconds(1);
        var arrivals = (Str(e, "arrivals") ?? "uniform").ToLowerInvariant() switch
        {
            "uniform" => ArrivalDistribution.Uniform,
            "poisson" => ArrivalDistribution.Poisson,
            var other => throw new LoadProfileException(LoadProfileError.InvalidRate, $"arrivals must be uniform or poisson, got '{other}'"),
        };
        int Copies() => Int(e, "copies") ?? throw new LoadProfileException(LoadProfileError.InvalidCopies, $"{kind} needs \"copies\"");
        double Rate() => Num(e, "rate") ?? throw new LoadProfileException(LoadProfileError.InvalidRate, $"{kind} needs \"rate\"");
        return kind.ToLowerInvariant() switch
        {
            "keepconstant" or "keep_constant" => new KeepConstant(Copies(), during),
            "rampingconstant" or "ramping_constant" => new RampingConstant(Copies(), during),
            "inject" => new Inject(Rate(), interval, during, arrivals),
            "rampinginject" or "ramping_inject" => new RampingInject(Rate(), interval, during, arrivals),
            "pause" => new Pause(during),
            _ => throw new LoadProfileException(LoadProfileError.Empty, $"unknown load step kind '{kind}' (keepConstant, rampingConstant, inject, rampingInject, pause)"),
        };
    }

    // A key of another kind of step would be read by none: "interval" on a keepConstant step runs as if it were not there.
    private static void RequireKeysOfKind(JsonElement e, string kind, int number)
    {
        string[]? keys = kind.ToLowerInvariant() switch
        {
            "keepconstant" or "keep_constant" or "rampingconstant" or "ramping_constant" => ["kind", "copies", "during"],
            "inject" or "rampinginject" or "ramping_inject" => ["kind", "rate", "interval", "during", "arrivals"],
            "pause" => ["kind", "during"],
            _ => null, // an unknown kind is refused by name below
        };
        if (keys is null)
        {
            return;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (!keys.Contains(p.Name, StringComparer.Ordinal))
            {
                throw new FormatException($"load step {number} ({kind}): \"{p.Name}\" is not a key of a {kind} step (it takes {string.Join(", ", keys.Skip(1))})");
            }
        }
    }

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static string? Str(JsonElement e, string name) => Prop(e, name) is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    // A finite number: "NaN" and "Infinity" parse as doubles but mean nothing here.
    private static double? Num(JsonElement e, string name) => Prop(e, name) switch
    {
        { ValueKind: JsonValueKind.Number } v when double.IsFinite(v.GetDouble()) => v.GetDouble(),
        { ValueKind: JsonValueKind.String } v when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) => d,
        null => null,
        _ => throw new FormatException($"\"{name}\" must be a number"),
    };

    // Whole numbers only: 1.5 copies would run as 1 and 1e12 would overflow.
    private static int? Int(JsonElement e, string name) => Whole(e, name, int.MaxValue) is { } n ? (int)n : null;

    private static long? Long(JsonElement e, string name) => Whole(e, name, long.MaxValue);

    // The file's own key in the message: LoadScenario.Validate names the property in prose.
    private static long? AtLeast(long? value, long min, string name) => value is { } v && v < min
        ? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be at least {min}, got {v}"))
        : value;

    private static long? AtMost(long? value, long max, string name) => value is { } v && v > max
        ? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be at most {max}, got {v}"))
        : value;

    private static string Shape(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        _ => e.GetRawText(),
    };

    private static long? Whole(JsonElement e, string name, long max) => Num(e, name) switch
    {
        null => null,
        { } d when d == Math.Floor(d) && Math.Abs(d) <= max => (long)d,
        { } d => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be a whole number of at most {max}, got {d}")),
    };

    private static TimeSpan? Duration(JsonElement e, string name) => Prop(e, name) switch
    {
        { ValueKind: JsonValueKind.Number } v => v.GetDouble() is >= 0 and <= MaxSeconds ? TimeSpan.FromSeconds(v.GetDouble()) : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be from 0 to {MaxSeconds} seconds, got {v.GetDouble()}")),
        { ValueKind: JsonValueKind.String } v => ParseDuration(v.GetString()!, name),
        null => null,
        _ => throw new FormatException($"\"{name}\" must be a duration like \"30s\""),
    };

    private static TimeSpan ParseDuration(string text, string name)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"\"{name}\": {ex.Message}", ex);
        }
    }
}
