using System.Text.Json;

namespace Harness.Fakes;

/// <summary>
/// The request checks the API the fake imitates makes before streaming: the body is a JSON object,
/// the required parameter is there (<c>messages</c>, or <c>input</c> for the Responses API) with the
/// right type. A failure is a 400 in OpenAI's error shape naming the parameter, never a 500.
/// </summary>
internal static class RequestBodyCheck
{
    /// <summary>The error body for <paramref name="root"/>, or null when it is acceptable.</summary>
    public static string? Problem(JsonElement root, bool responsesApi)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return OpenAiErrors.Body($"Invalid type for request body: expected an object, but got {KindName(root.ValueKind)} instead.", "invalid_request_error", "invalid_type", param: null);
        }

        string required = responsesApi ? "input" : "messages";
        if (!root.TryGetProperty(required, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return OpenAiErrors.Body($"Missing required parameter: '{required}'.", "invalid_request_error", "missing_required_parameter", required);
        }

        bool typeOk = responsesApi ? value.ValueKind is JsonValueKind.String or JsonValueKind.Array : value.ValueKind == JsonValueKind.Array;
        if (!typeOk)
        {
            return OpenAiErrors.Body($"Invalid type for '{required}': expected an array, but got {KindName(value.ValueKind)} instead.", "invalid_request_error", "invalid_type", required);
        }

        if (!responsesApi && value.GetArrayLength() == 0)
        {
            return OpenAiErrors.Body("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "invalid_request_error", "empty_array", required);
        }

        if (!responsesApi && value.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.Object))
        {
            return OpenAiErrors.Body("Invalid type for 'messages[]': expected an object.", "invalid_request_error", "invalid_type", required);
        }

        foreach (string name in new[] { "model", "fault" })
        {
            if (root.TryGetProperty(name, out var text) && text.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return OpenAiErrors.Body($"Invalid type for '{name}': expected a string, but got {KindName(text.ValueKind)} instead.", "invalid_request_error", "invalid_type", name);
            }
        }

        foreach (string name in new[] { "stream" })
        {
            if (root.TryGetProperty(name, out var flag) && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return OpenAiErrors.Body($"Invalid type for '{name}': expected a boolean, but got {KindName(flag.ValueKind)} instead.", "invalid_request_error", "invalid_type", name);
            }
        }

        return null;
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
