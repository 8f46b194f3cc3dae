namespace Harness.Clients;

/// <summary>What an SSE endpoint speaks.</summary>
public enum SseDialect
{
    /// <summary>OpenAI chat completions: <c>POST /v1/chat/completions</c>, <c>data:</c> chunks, <c>data: [DONE]</c>.</summary>
    ChatCompletions,

    /// <summary>OpenAI Responses API: <c>POST /v1/responses</c>, typed events ending with <c>response.completed</c> (carrying usage).</summary>
    Responses,
}
