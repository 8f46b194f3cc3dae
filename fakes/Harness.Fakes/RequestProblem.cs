namespace Harness.Fakes;

/// <summary>
/// What is wrong with a request, in the fields of OpenAI's error object: the message, the code
/// (<c>missing_required_parameter</c>, <c>invalid_type</c>, ...) and the parameter it names.
/// </summary>
internal sealed record RequestProblem(string Message, string Code, string? Param)
{
    /// <summary>The HTTP 400 body: <c>{"error":{"message","type":"invalid_request_error","param","code"}}</c>.</summary>
    public string ToHttpBody() => OpenAiErrors.Body(Message, "invalid_request_error", Code, Param);

    /// <summary>The WebSocket <c>error</c> event: the same fields beside <c>"type":"error"</c>.</summary>
    public string ToWebSocketEvent() => OpenAiErrors.WebSocketEvent(Message, Code, Param);
}
