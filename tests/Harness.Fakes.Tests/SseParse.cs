using System.Text.Json;

namespace Harness.Fakes.Tests;

/// <summary>A tiny test-only reading of LF-framed SSE: the data payloads in order.</summary>
internal static class SseParse
{
    public static List<string> DataPayloads(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(block => block.Split('\n'))
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => line[6..])
            .ToList();

    public static List<JsonElement> JsonChunks(string body) =>
        DataPayloads(body).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement.Clone()).ToList();

    public static string ContentOf(List<JsonElement> chunks) =>
        string.Concat(chunks
            .Where(c => c.TryGetProperty("choices", out var ch) && ch.GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
}
