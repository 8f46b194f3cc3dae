using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// A freshly started <c>fake serve</c> keeps its schedule from its very first request, as an outside
/// client (not ours) sees it. Its collection runs alone, after the parallel ones: a second process
/// on the machine would land in the figure.
/// </summary>
[Collection(nameof(FakeVerbTests))]
[CollectionDefinition(nameof(FakeVerbTests), DisableParallelization = true)]
public sealed class FakeVerbTests(ITestOutputHelper output)
{
    private const double ScheduledTtftMs = 50;
    private const double AllowedMs = 2;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fresh_fake_serves_the_first_outside_request_on_schedule(bool webSocket)
    {
        await OutsidePeers.RequirePythonAsync("websockets");
        var (fake, line) = await OutsidePeers.StartAsync("dotnet", [OutsidePeers.HarnessDll, "fake", "serve", "--port", "0"], TimeSpan.FromSeconds(90));
        try
        {
            using var urls = JsonDocument.Parse(line);
            var url = urls.RootElement.GetProperty(webSocket ? "ws" : "http").GetString()!;
            var model = string.Create(CultureInfo.InvariantCulture, $"fake/ttft={ScheduledTtftMs},itl=10,tokens=5");
            var ttfts = await OutsidePeers.FirstTokenClientAsync(["--url", url, "--model", model, "--count", "3", .. webSocket ? new[] { "--ws" } : new[] { "--from-request" }]);

            // Timed from the request's send on a new connection (SSE) or the turn's chat.start
            // (WebSocket, after the handshake), so the first value carries any cold accept, parse,
            // upgrade or streaming path of the fake, not Python's own socket setup (0.3-1.4 ms); the
            // later ones show what a warm request costs.
            var first = ttfts[0] - ScheduledTtftMs;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(webSocket ? "ws" : "sse")}: off schedule {string.Join(", ", ttfts.Select(t => (t - ScheduledTtftMs).ToString("+0.000;-0.000", CultureInfo.InvariantCulture)))} ms"));
            Assert.True(first is >= 0 and <= AllowedMs,
                string.Create(CultureInfo.InvariantCulture, $"first request's first token {first:+0.000;-0.000} ms off schedule (allowed 0..{AllowedMs}); all TTFTs: {string.Join(", ", ttfts.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} ms"));
        }
        finally
        {
            OutsidePeers.Stop(fake);
        }
    }
}
