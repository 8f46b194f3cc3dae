using System.Diagnostics;

namespace Harness.Fakes.Tests;

public sealed class FakeKeepWarmTests
{
    [Fact]
    public async Task An_idle_fake_beats_past_key_and_faults_and_keeps_the_beats_out_of_its_books()
    {
        // A key and a default fault would refuse every beat if beats were not the fake's own requests.
        await using var server = await FakeServer.StartAsync(new FakeServerOptions
        {
            KeepWarm = true,
            ApiKey = "k-123",
            Faults = FaultSpec.Parse("status=500"),
        });
        await WaitUntilAsync(() => server.KeepWarmBeats >= 3, TimeSpan.FromSeconds(10));

        var own = server.BooksFor(warmUp: true);
        Assert.True(own.Lateness.Snapshot().Count >= 2, "beats should have been served tokens (the key and the fault do not apply to them)");
        Assert.Equal(0, server.Counters.RequestsStarted);
        Assert.Equal(0, server.Lateness.Snapshot().Count);
        Assert.Null(server.WriteLog.Find(0));
    }

    [Fact]
    public async Task No_beat_starts_while_an_outside_request_is_in_flight()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { KeepWarm = true });
        await WaitUntilAsync(() => server.KeepWarmBeats >= 1, TimeSpan.FromSeconds(10));
        using var http = new HttpClient { BaseAddress = server.HttpBaseUrl };
        using var request = FakeServerFixture.ChatRequest("fake/ttft=400,itl=1,tokens=1");
        var sending = http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        await WaitUntilAsync(() => server.Counters.RequestsStarted == 1, TimeSpan.FromSeconds(10));

        // A tick that read the counters just before the request started may still count a beat; after one period none may.
        await Task.Delay(FakeKeepWarm.Period * 1.5);
        var beats = server.KeepWarmBeats;
        using var response = await sending;
        await response.Content.ReadAsStringAsync();
        Assert.Equal(beats, server.KeepWarmBeats);
        Assert.Equal(1, server.Counters.RequestsServed);

        // The beats before it took no request index: the first outside request is request 0.
        Assert.Equal("0", response.Headers.GetValues("x-fake-request-index").Single());
    }

    [Fact]
    public async Task Keep_warm_is_off_by_default()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        await Task.Delay(FakeKeepWarm.Period * 4);
        Assert.Equal(0, server.KeepWarmBeats);
        Assert.Equal(0, server.BooksFor(warmUp: true).Counters.RequestsStarted);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"condition not met within {limit.TotalSeconds} s");
            await Task.Delay(10);
        }
    }
}
