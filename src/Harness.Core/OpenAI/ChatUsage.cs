namespace Harness.Core.OpenAI;

/// <summary>Token usage as the server reported it (<c>usage</c> of the final chunk).</summary>
/// <param name="PromptTokens"><c>prompt_tokens</c>.</param>
/// <param name="CompletionTokens"><c>completion_tokens</c>.</param>
/// <param name="TotalTokens"><c>total_tokens</c>.</param>
public readonly record struct ChatUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
