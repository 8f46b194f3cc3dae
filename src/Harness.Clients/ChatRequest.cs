using System.Text.Json;

namespace Harness.Clients;

/// <summary>One chat request to stream.</summary>
public sealed record ChatRequest
{
    /// <summary>The model name sent to the server (a fake accepts <c>fake/ttft=120,itl=20,tokens=200</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The conversation; at least one user message.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Ask the server for a usage chunk (<c>stream_options.include_usage</c>). Default true.</summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>Extra HTTP headers (for example <c>x-fake-fault</c>); never the API key.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>
    /// Extra string fields added to the top level of the request body (SSE) or the start message
    /// (WebSocket), for example the fake's <c>fault</c>. Never the API key.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExtraBodyFields { get; init; }

    /// <summary>
    /// JSON fields merged into the top level of every request body (<c>--body</c>: temperature,
    /// stream_options, reasoning, ...). A field named here replaces the one the client would write
    /// (<c>stream_options</c>, <c>max_tokens</c>); <see cref="RequestBodyFields"/> rejects the ones
    /// that would break the harness (<c>model</c>, <c>messages</c>, <c>input</c>, <c>stream</c>).
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? BodyFields { get; init; }

    /// <summary>Upper bound on output tokens (<c>max_tokens</c>), if set.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>A request with one user message.</summary>
    public static ChatRequest FromPrompt(string model, string prompt) =>
        new() { Model = model, Messages = [new ChatMessage("user", prompt)] };
}
