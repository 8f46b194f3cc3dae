using System.Text.Json;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// What the harness fake's JIT has compiled so far (from <c>GET /v1/fake/jit</c>): a client in
/// another process reads it before and after a warm-up round to see whether the fake still tiers up.
/// </summary>
/// <param name="CompiledMethods">Methods compiled since the fake started, every thread.</param>
/// <param name="CompilationMs">Time spent compiling them.</param>
public sealed record FakeJit(long CompiledMethods, double CompilationMs)
{
    /// <summary>Reads the fake at <paramref name="fakeHttpBase"/>.</summary>
    /// <exception cref="HttpRequestException">The fake did not answer, or has no such endpoint.</exception>
    /// <exception cref="FormatException">The answer was not the fake's JIT JSON.</exception>
    public static async Task<FakeJit> FetchAsync(HttpClient http, Uri fakeHttpBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(fakeHttpBase);
        using var response = await http.GetAsync(new Uri(fakeHttpBase, "/v1/fake/jit"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            return new FakeJit(root.GetProperty("compiled_methods").GetInt64(), root.GetProperty("compilation_ms").GetDouble());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not the fake's JIT JSON: " + ex.Message, ex);
        }
    }
}
