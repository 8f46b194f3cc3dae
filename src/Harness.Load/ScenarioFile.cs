using System.Globalization;
using System.Text.Json;
using Harness.Clients;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// Reads a scenario from JSON (see the README's load section):
/// <c>{"name", "target": {"transport", "url", "model", "prompts", "headers", "maxTokens"},
/// "warmUp", "maxRequests", "maxInFlight", "seed", "drainTimeout", "saturationThresholdMs",
/// "load": [{"kind": "keepConstant|rampingConstant|inject|rampingInject|pause", "copies", "rate",
/// "interval", "during", "arrivals": "uniform|poisson"}]}</c>. Durations are <c>"30s"</c>-style
/// text or seconds. A missing <c>url</c> means the embedded fake.
/// </summary>
public static class ScenarioFile
{
    /// <summary>A parsed scenario file: the scenario plus endpoint URL (null for the embedded fake).</summary>
    /// <param name="Scenario">The scenario.</param>
    /// <param name="Url">The endpoint, or null.</param>
    public sealed record Loaded(LoadScenario Scenario, Uri? Url);

    /// <summary>Parses JSON text; <see cref="LoadProfileException"/> or <see cref="FormatException"/> with one line on bad input.</summary>
    public static Loaded Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"scenario file is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            var target = root.TryGetProperty("target", out var t) ? t : default;
            string transportName = Str(target, "transport") ?? "sse";
            if (!TransportNames.TryParse(transportName, out var transport))
            {
                throw new LoadProfileException(LoadProfileError.InvalidTarget, $"unknown transport '{transportName}' (sse, sse-h2, ws)");
            }

            Uri? url = null;
            if (Str(target, "url") is { } u && !Uri.TryCreate(u, UriKind.Absolute, out url))
            {
                throw new LoadProfileException(LoadProfileError.InvalidTarget, $"target.url '{u}' is not an absolute URL");
            }

            var steps = new List<LoadSimulation>();
            if (root.TryGetProperty("load", out var load) && load.ValueKind == JsonValueKind.Array)
            {
                foreach (var step in load.EnumerateArray())
                {
                    steps.Add(Step(step));
                }
            }

            var scenario = new LoadScenario
            {
                Name = Str(root, "name") ?? "load",
                Transport = transport,
                Target = url?.ToString() ?? "embedded fake",
                Model = Str(target, "model") ?? "fake",
                Prompts = target.ValueKind == JsonValueKind.Object && target.TryGetProperty("prompts", out var p) && p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
                    : ["Say hello."],
                Headers = target.ValueKind == JsonValueKind.Object && target.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
                    ? h.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? string.Empty)
                    : null,
                MaxTokens = Int(target, "maxTokens"),
                WarmUp = Duration(root, "warmUp") ?? TimeSpan.Zero,
                MaxRequests = Long(root, "maxRequests") ?? 1_000_000,
                MaxInFlight = Int(root, "maxInFlight") ?? 0,
                Seed = Int(root, "seed") ?? 1,
                DrainTimeout = Duration(root, "drainTimeout") ?? TimeSpan.FromSeconds(30),
                SaturationThreshold = Num(root, "saturationThresholdMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromMilliseconds(5),
                Profile = new LoadProfile(steps),
            };
            if (scenario.Headers?.Keys.Any(k => k.Equals("authorization", StringComparison.OrdinalIgnoreCase)) == true)
            {
                throw new LoadProfileException(LoadProfileError.InvalidTarget, "put the API key in HARNESS_API_KEY or a key file, not in the scenario's headers");
            }

            scenario.Validate();
            return new Loaded(scenario, url);
        }
    }

    private static LoadSimulation Step(JsonElement e)
    {
        string kind = Str(e, "kind") ?? throw new LoadProfileException(LoadProfileError.Empty, "each load step needs a \"kind\"");
        TimeSpan during = Duration(e, "during") ?? throw new LoadProfileException(LoadProfileError.InvalidDuration, $"load step '{kind}' needs \"during\"");
        TimeSpan interval = Duration(e, "interval") ?? TimeSpan.FromSeconds(1);
        var arrivals = (Str(e, "arrivals") ?? "uniform").ToLowerInvariant() switch
        {
            "uniform" => ArrivalDistribution.Uniform,
            "poisson" => ArrivalDistribution.Poisson,
            var other => throw new LoadProfileException(LoadProfileError.InvalidRate, $"arrivals must be uniform or poisson, got '{other}'"),
        };
        int Copies() => Int(e, "copies") ?? throw new LoadProfileException(LoadProfileError.InvalidCopies, $"load step '{kind}' needs \"copies\"");
        double Rate() => Num(e, "rate") ?? throw new LoadProfileException(LoadProfileError.InvalidRate, $"load step '{kind}' needs \"rate\"");
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

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static string? Str(JsonElement e, string name) => Prop(e, name) is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    private static double? Num(JsonElement e, string name) => Prop(e, name) switch
    {
        { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
        { ValueKind: JsonValueKind.String } v when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        null => null,
        _ => throw new FormatException($"\"{name}\" must be a number"),
    };

    private static int? Int(JsonElement e, string name) => Num(e, name) is { } d ? checked((int)d) : null;

    private static long? Long(JsonElement e, string name) => Num(e, name) is { } d ? checked((long)d) : null;

    private static TimeSpan? Duration(JsonElement e, string name) => Prop(e, name) switch
    {
        { ValueKind: JsonValueKind.Number } v => TimeSpan.FromSeconds(v.GetDouble()),
        { ValueKind: JsonValueKind.String } v => DurationText.Parse(v.GetString()!),
        null => null,
        _ => throw new FormatException($"\"{name}\" must be a duration like \"30s\""),
    };
}
