namespace Harness.Core.OpenAI;

/// <summary>An OpenAI-style error object: <c>{"error":{"message":...,"type":...,"code":...}}</c>.</summary>
/// <param name="Message"><c>message</c>, or empty.</param>
/// <param name="Type"><c>type</c>, if present.</param>
/// <param name="Code"><c>code</c> (a string or number on the wire), if present.</param>
public sealed record ChatError(string Message, string? Type, string? Code);
