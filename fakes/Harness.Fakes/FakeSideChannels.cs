using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Harness.Fakes;

/// <summary>
/// The fake's measurement side channels, beside the streams and never inside them: per-request write
/// times (<c>GET /v1/fake/write-times/{request_index}</c>), the fake's JIT so far
/// (<c>GET /v1/fake/jit</c>) and its default schedule (<c>GET /v1/fake/schedule</c>).
/// </summary>
internal static class FakeSideChannels
{
    public static void Map(WebApplication app, FakeServer server)
    {
        app.MapGet("/v1/fake/write-times/{index}", (string index) =>
            long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && server.WriteLog.Find(i) is { } record
                ? Results.Bytes(FakeWriteLog.ToJson(record), "application/json")
                : Results.Text(OpenAiErrors.Body($"no write times remembered for request index '{index}'", "invalid_request_error", "not_found"), "application/json", statusCode: 404));

        // The fake's JIT so far, so a client in another process can wait for it to settle before measuring.
        app.MapGet("/v1/fake/jit", () => Results.Text(
            string.Create(CultureInfo.InvariantCulture, $"{{\"compiled_methods\":{JitInfo.GetCompiledMethodCount(currentThread: false)},\"compilation_ms\":{JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds:0.###}}}"),
            "application/json"));

        // The server's default schedule, so a client measuring through a relay can print the truth beside its figures.
        app.MapGet("/v1/fake/schedule", () => Results.Text(JsonSerializer.Serialize(new Dictionary<string, string> { ["schedule"] = server.Options.Schedule.ToCompactString() }), "application/json"));
    }
}
