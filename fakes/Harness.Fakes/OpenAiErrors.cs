namespace Harness.Fakes;

/// <summary>OpenAI-style error bodies: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAiErrors
{
    public static string Body(string message, string type, string? code, string? param = null) =>
        $"{{\"error\":{{\"message\":{JsonText.Quote(message)},\"type\":{JsonText.Quote(type)},\"param\":{JsonText.Quote(param)},\"code\":{JsonText.Quote(code)}}}}}";

    /// <summary>A WebSocket <c>error</c> event: <c>{"type":"error","message","code","param"}</c>.</summary>
    public static string WebSocketEvent(string message, string code, string? param = null) =>
        $"{{\"type\":\"error\",\"message\":{JsonText.Quote(message)},\"code\":{JsonText.Quote(code)},\"param\":{JsonText.Quote(param)}}}";

    public static string ForStatus(int status) => status switch
    {
        401 => Body("Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"),
        403 => Body("You are not allowed to access this resource.", "invalid_request_error", "unsupported_country_region_territory"),
        404 => Body("The model does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"),
        429 => Body("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"),
        500 => Body("The server had an error while processing your request. Sorry about that!", "server_error", null),
        503 => Body("The engine is currently overloaded, please try again later.", "server_error", "service_unavailable"),
        _ => Body($"Fake error with status {status}.", status >= 500 ? "server_error" : "invalid_request_error", null),
    };

    public static async Task WriteAsync(HttpResponse response, int status, string body, int? retryAfterSeconds = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfterSeconds is int s)
        {
            response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.WriteAsync(body);
    }
}
