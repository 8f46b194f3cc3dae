using System.Text.Json;
using Harness.Core;

namespace Harness.Clients;

/// <summary>
/// The message types a WebSocket chat endpoint speaks. The default is the harness's
/// <c>chat.start</c> / <c>content.delta</c> / <c>chat.done</c> / <c>error</c> protocol; another
/// endpoint is described by a few properties (in C#, or a JSON file read by <see cref="Load"/>).
/// </summary>
/// <remarks>
/// <para><see cref="StartTemplate"/> is a JSON object sent to start a turn; string values that are
/// exactly <c>$model</c>, <c>$messages</c>, <c>$api_key</c> or <c>$max_tokens</c> are replaced
/// (messages as an array of <c>{"role","content"}</c>); a <c>$api_key</c> or <c>$max_tokens</c>
/// property is left out when there is no value (or the key goes in the upgrade header).
/// <see cref="ChatRequest.ExtraBodyFields"/> are added at the top level.</para>
/// <para>Received messages are JSON objects whose <see cref="TypeField"/> names the kind; the
/// other fields are read from the top level of the same object.</para>
/// </remarks>
public sealed record WebSocketDialect
{
    /// <summary>The harness protocol (what the fake serves).</summary>
    public static WebSocketDialect Default { get; } = new();

    /// <summary>The start message template.</summary>
    public string StartTemplate { get; init; } = """{"type":"chat.start","model":"$model","messages":"$messages","api_key":"$api_key","max_tokens":"$max_tokens"}""";

    /// <summary>Send the key as <c>Authorization: Bearer</c> on the upgrade (true, default) or as <c>$api_key</c> in the start message.</summary>
    public bool ApiKeyInUpgradeHeader { get; init; } = true;

    /// <summary>Field that names a message's type. Default <c>type</c>.</summary>
    public string TypeField { get; init; } = "type";

    /// <summary>Type of a content delta. Default <c>content.delta</c>.</summary>
    public string DeltaType { get; init; } = "content.delta";

    /// <summary>Field holding a delta's text. Default <c>delta</c>.</summary>
    public string DeltaField { get; init; } = "delta";

    /// <summary>Type of a reasoning delta, if the endpoint streams reasoning. Default none.</summary>
    public string? ReasoningType { get; init; }

    /// <summary>Type of the message that ends a turn well. Default <c>chat.done</c>.</summary>
    public string DoneType { get; init; } = "chat.done";

    /// <summary>Type of an error message (ends the turn). Default <c>error</c>.</summary>
    public string ErrorType { get; init; } = "error";

    /// <summary>Field holding usage (<c>prompt_tokens</c>/<c>completion_tokens</c> or <c>input_tokens</c>/<c>output_tokens</c>). Default <c>usage</c>.</summary>
    public string UsageField { get; init; } = "usage";

    /// <summary>Field holding an error's message. Default <c>message</c>.</summary>
    public string ErrorMessageField { get; init; } = "message";

    /// <summary>Field holding an error's code. Default <c>code</c>.</summary>
    public string ErrorCodeField { get; init; } = "code";

    /// <summary>
    /// Reads a dialect from a JSON file: <c>{"start":{…},"api_key_in_upgrade_header":true,"type_field":"type",
    /// "delta_type":"…","delta_field":"…","reasoning_type":"…","done_type":"…","error_type":"…",
    /// "usage_field":"…","error_message_field":"…","error_code_field":"…"}</c>; missing keys keep the defaults.
    /// </summary>
    /// <exception cref="FormatException">The file is not such an object.</exception>
    public static WebSocketDialect Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return FromJson(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not a JSON dialect ({JsonProblem.Describe(ex)})", ex);
        }
    }

    /// <summary>Reads a dialect from a parsed JSON object (see <see cref="Load"/>).</summary>
    /// <exception cref="FormatException">A bad or unknown key, or text that is not valid UTF-8.</exception>
    public static WebSocketDialect FromJson(JsonElement root)
    {
        try
        {
            return ReadDialect(root);
        }
        catch (InvalidOperationException ex)
        {
            // JSON that parses but whose names or strings are not text (invalid UTF-8, a lone surrogate).
            throw new FormatException($"a WebSocket dialect holds text that is not valid UTF-8 ({ex.Message})", ex);
        }
    }

    private static WebSocketDialect ReadDialect(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a WebSocket dialect must be a JSON object");
        }

        var dialect = Default;
        foreach (var p in root.EnumerateObject())
        {
            dialect = p.Name switch
            {
                "start" when p.Value.ValueKind == JsonValueKind.Object => dialect with { StartTemplate = p.Value.GetRawText() },
                "api_key_in_upgrade_header" when p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False => dialect with { ApiKeyInUpgradeHeader = p.Value.GetBoolean() },
                "type_field" => dialect with { TypeField = Text(p) },
                "delta_type" => dialect with { DeltaType = Text(p) },
                "delta_field" => dialect with { DeltaField = Text(p) },
                "reasoning_type" => dialect with { ReasoningType = p.Value.ValueKind == JsonValueKind.Null ? null : Text(p) },
                "done_type" => dialect with { DoneType = Text(p) },
                "error_type" => dialect with { ErrorType = Text(p) },
                "usage_field" => dialect with { UsageField = Text(p) },
                "error_message_field" => dialect with { ErrorMessageField = Text(p) },
                "error_code_field" => dialect with { ErrorCodeField = Text(p) },
                _ => throw new FormatException($"unknown or mistyped dialect key '{p.Name}'"),
            };
        }

        return dialect;

        static string Text(JsonProperty p) => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"dialect key '{p.Name}' needs a non-empty string");
    }
}
