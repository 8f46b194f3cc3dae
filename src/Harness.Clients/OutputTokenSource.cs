namespace Harness.Clients;

/// <summary>Where a request's output-token count (<see cref="RequestTimeline.TokenCount"/>) comes from.</summary>
public enum OutputTokenSource
{
    /// <summary>Neither usage nor a tokenizer: the number of content deltas (<c>--tokenizer none</c>).</summary>
    Deltas,

    /// <summary>The server's <c>usage.completion_tokens</c> (<c>output_tokens</c> in the Responses API).</summary>
    Usage,

    /// <summary>The streamed content and reasoning text counted by the tokenizer (the server sent no usage).</summary>
    Counted,
}
