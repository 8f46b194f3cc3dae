using System.Text.Json;

namespace Harness.Fakes;

/// <summary>
/// The request checks the API the fake imitates makes before streaming: the body is a JSON object,
/// the required parameter is there (<c>messages</c>, or <c>input</c> for the Responses API) with the
/// right type. A failure is a 400 in OpenAI's error shape naming the parameter, never a 500; over
/// WebSocket the same problem is an <c>error</c> event for the <c>chat.start</c> message.
/// </summary>
internal static class RequestBodyCheck
{
    /// <summary>The HTTP 400 error body for <paramref name="root"/>, or null when it is acceptable.</summary>
    public static string? Problem(JsonElement root, bool responsesApi) => Check(root, responsesApi)?.ToHttpBody();

    /// <summary>What is wrong with <paramref name="root"/>, or null when it is acceptable.</summary>
    public static RequestProblem? Check(JsonElement root, bool responsesApi)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RequestProblem($"Invalid type for request body: expected an object, but got {KindName(root.ValueKind)} instead.", "invalid_type", null);
        }

        string required = responsesApi ? "input" : "messages";
        if (!root.TryGetProperty(required, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return new RequestProblem($"Missing required parameter: '{required}'.", "missing_required_parameter", required);
        }

        bool typeOk = responsesApi ? value.ValueKind is JsonValueKind.String or JsonValueKind.Array : value.ValueKind == JsonValueKind.Array;
        if (!typeOk)
        {
            return new RequestProblem($"Invalid type for '{required}': expected an array, but got {KindName(value.ValueKind)} instead.", "invalid_type", required);
        }

        if (!responsesApi && value.GetArrayLength() == 0)
        {
            return new RequestProblem("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "empty_array", required);
        }

        if (!responsesApi && value.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.Object))
        {
            return new RequestProblem("Invalid type for 'messages[]': expected an object.", "invalid_type", required);
        }

        foreach (string name in new[] { "model", "fault" })
        {
            if (root.TryGetProperty(name, out var text) && text.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return new RequestProblem($"Invalid type for '{name}': expected a string, but got {KindName(text.ValueKind)} instead.", "invalid_type", name);
            }
        }

        foreach (string name in new[] { "stream" })
        {
            if (root.TryGetProperty(name, out var flag) && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return new RequestProblem($"Invalid type for '{name}': expected a boolean, but got {KindName(flag.ValueKind)} instead.", "invalid_type", name);
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
