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

    // The median of a few fresh fakes' first requests: a fake that is cold on its first request is
    // late on every start (the unwarmed one below: tens of milliseconds), while a rare stall in the
    // request leg (over 2 ms in 2 of 97 first requests on the idle 2-core VM, and in 2 of 600 warm
    // ones; docs/measurement.md) lands on one start, not on the median.
    private const int FreshFakes = 3;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fresh_fake_serves_the_first_outside_request_on_schedule(bool webSocket)
    {
        var late = await FirstRequestsOffScheduleAsync(webSocket, warmUp: true);

        var median = OutsidePeers.Median(late);
        Assert.True(late.All(l => l >= 0), Describe("a first token came before its schedule", late));
        Assert.True(median <= AllowedMs, Describe($"the fresh fakes' first requests are off schedule by {median:+0.000} ms at the median (allowed 0..{AllowedMs})", late));
    }

    /// <summary>
    /// The check above fails where it should: a fake that skips its warm-up is late on its first
    /// request. Keep-warm is off too: its beats, sent while Python starts, warm the SSE path enough
    /// for a first request only about 2 ms late.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unwarmed_fake_misses_the_first_outside_request_check(bool webSocket)
    {
        var late = await FirstRequestsOffScheduleAsync(webSocket, warmUp: false);

        var median = OutsidePeers.Median(late);
        Assert.True(median > AllowedMs, Describe($"an unwarmed fake's first requests were only {median:+0.000} ms off schedule at the median", late));
    }

    /// <summary>Starts <see cref="FreshFakes"/> fakes one after another; per fake, how far its first request's first token was off schedule, ms.</summary>
    private async Task<double[]> FirstRequestsOffScheduleAsync(bool webSocket, bool warmUp)
    {
        await OutsidePeers.RequirePythonAsync("websockets");
        var late = new double[FreshFakes];
        for (var i = 0; i < FreshFakes; i++)
        {
            var (fake, line) = await OutsidePeers.StartAsync("dotnet", [OutsidePeers.HarnessDll, "fake", "serve", "--port", "0", .. warmUp ? Array.Empty<string>() : ["--no-warmup", "--no-keep-warm"]], TimeSpan.FromSeconds(90));
            try
            {
                using var urls = JsonDocument.Parse(line);
                var url = urls.RootElement.GetProperty(webSocket ? "ws" : "http").GetString()!;
                var model = string.Create(CultureInfo.InvariantCulture, $"fake/ttft={ScheduledTtftMs},itl=10,tokens=5");

                // Timed from the request's send on a new connection (SSE) or the turn's chat.start
                // (WebSocket, after the handshake), so the value carries any cold accept, parse,
                // upgrade or streaming path of the fake, not Python's own socket setup (0.3-1.4 ms);
                // the later ones show what a warm request costs.
                var ttfts = await OutsidePeers.FirstTokenClientAsync(["--url", url, "--model", model, "--count", "3", .. webSocket ? new[] { "--ws" } : new[] { "--from-request" }]);
                late[i] = ttfts[0] - ScheduledTtftMs;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(webSocket ? "ws" : "sse")}{(warmUp ? "" : ", unwarmed")}: off schedule {string.Join(", ", ttfts.Select(t => (t - ScheduledTtftMs).ToString("+0.000;-0.000", CultureInfo.InvariantCulture)))} ms"));
            }
            finally
            {
                OutsidePeers.Stop(fake);
            }
        }

        return late;
    }

    private static string Describe(string what, double[] late) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}; first requests, one per fresh fake: {string.Join(", ", late.Select(l => l.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)))} ms");
}
