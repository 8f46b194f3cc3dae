using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Harness.Core.Schedule;

namespace Harness.Fakes.Tests;

public sealed class ServerBehaviourTests
{
    [Fact]
    public async Task ApiKeyIsRequiredWhenConfigured()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { ApiKey = "sk-1", Schedule = FakeServerFixture.FastSchedule });
        using var http = new HttpClient { BaseAddress = server.HttpBaseUrl };
        using var missing = await http.SendAsync(FakeServerFixture.ChatRequest());
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("invalid_api_key", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        var request = FakeServerFixture.ChatRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-1");
        using var ok = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // WebSocket: key in chat.start works; a wrong key gets an error then close 1008.
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(server.WebSocketUrl, CancellationToken.None);
        await WebSocketTests.SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"api_key\":\"sk-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (deltas, _) = await WebSocketTests.ReadTurnAsync(ws);
        Assert.Equal(5, deltas.Count);
        using var bad = new ClientWebSocket();
        await bad.ConnectAsync(server.WebSocketUrl, CancellationToken.None);
        await WebSocketTests.SendAsync(bad, "{\"type\":\"chat.start\",\"model\":\"fake\",\"api_key\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Assert.Contains("invalid_api_key", (await WebSocketTests.ReceiveAsync(bad)).Text);
        Assert.Equal(WebSocketMessageType.Close, (await WebSocketTests.ReceiveAsync(bad)).Type);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, bad.CloseStatus);

        // Wrong key in the upgrade's Authorization header: 401 before the upgrade.
        using var badHeader = new ClientWebSocket();
        badHeader.Options.SetRequestHeader("Authorization", "Bearer nope");
        badHeader.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => badHeader.ConnectAsync(server.WebSocketUrl, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, badHeader.HttpStatusCode);
    }

    [Fact]
    public async Task ScheduleEndpointServesTheDefaultScheduleInCompactForm()
    {
        var schedule = TokenSchedule.Parse("ttft=37,itl=3,tokens=7,chunk=2");
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule });
        using var http = new HttpClient { BaseAddress = server.HttpBaseUrl };
        using var json = JsonDocument.Parse(await http.GetStringAsync("/v1/fake/schedule"));
        Assert.Equal(schedule, TokenSchedule.Parse(json.RootElement.GetProperty("schedule").GetString()!));
    }

    [Fact]
    public async Task ServerKeepsServingAfterAClientDropsMidStream()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=0,itl=20,tokens=200") });
        using (var http = new HttpClient { BaseAddress = server.HttpBaseUrl })
        {
            var response = await http.SendAsync(FakeServerFixture.ChatRequest(), HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            await stream.ReadExactlyAsync(new byte[100]);
            response.Dispose(); // the client goes away mid-stream
        }

        var deadline = Stopwatch.StartNew();
        while (server.Counters.DroppedClients == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, server.Counters.DroppedClients);
        Assert.Equal(0, server.Counters.ActiveStreams);
        using var again = new HttpClient { BaseAddress = server.HttpBaseUrl };
        var body = await (await again.SendAsync(FakeServerFixture.ChatRequest(model: "fake/tokens=3,itl=0"))).Content.ReadAsStringAsync();
        Assert.EndsWith("data: [DONE]\n\n", body);

        // The handler counts a request served as it returns, which can be after the client has read
        // the last byte (seen once in a fresh-clone CI: 1 of 2).
        deadline.Restart();
        while (server.Counters.RequestsServed < 2 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, server.Counters.RequestsServed);
    }

    [Fact]
    public async Task ReplaySendsTheRecordingByteForByteWithItsTiming()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fake-replay-{Guid.NewGuid():N}.jsonl");
        var first = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n"u8.ToArray();
        var second = new byte[] { 0xE0, 0xB8 }; // half of a Thai character: replay must not "fix" it
        var third = "\u0e01\n\ndata: [DONE]\n\n"u8.ToArray()[2..];
        File.WriteAllLines(path,
        [
            "{\"content_type\":\"text/event-stream\",\"status\":200}",
            $"{{\"t_ms\":0,\"b64\":\"{Convert.ToBase64String(first)}\"}}",
            $"{{\"t_ms\":300,\"b64\":\"{Convert.ToBase64String(second)}\"}}",
            $"{{\"t_ms\":310,\"b64\":\"{Convert.ToBase64String(third)}\"}}",
        ]);
        try
        {
            var recording = StreamRecording.Load(path);
            Assert.True(recording.IsTimed);
            await using var server = await FakeServer.StartAsync(new FakeServerOptions { Replay = recording });
            using var http = new HttpClient { BaseAddress = server.HttpBaseUrl };
            var sw = Stopwatch.StartNew();
            using var response = await http.SendAsync(FakeServerFixture.ChatRequest(), HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(sw.ElapsedMilliseconds >= 290, $"replay took {sw.ElapsedMilliseconds} ms");
            Assert.Equal(first.Concat(second).Concat(third).ToArray(), body);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RawRecordingWithoutTimingIsOneChunk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fake-replay-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "data: hi\n\ndata: [DONE]\n\n");
        try
        {
            var recording = StreamRecording.Load(path);
            Assert.False(recording.IsTimed);
            Assert.Equal("data: hi\n\ndata: [DONE]\n\n", Encoding.UTF8.GetString(recording.AllBytes()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SchedulerNeverReleasesEarlyAndReleasesEveryWaiter()
    {
        using var scheduler = new StreamScheduler();
        var start = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, 500).Select(async i =>
        {
            var due = start + (Stopwatch.Frequency * (i % 50) / 1000); // 0..49 ms
            await scheduler.WaitUntilAsync(due);
            return Stopwatch.GetTimestamp() - due;
        }).ToList();
        var lateness = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(lateness, l => Assert.True(l >= 0, "released before its due time"));
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public async Task ABusyQueueIsReleasedInBatches_NeverEarly()
    {
        // 2,000 due times 10 µs apart (a thousand streams' worth of density): a scheduler whose
        // streams continue on the thread pool batches releases instead of waking for each, and
        // still releases none before its time.
        using var scheduler = new StreamScheduler(inlineContinuations: false);
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 5); // all queued before the first is due
        var tasks = Enumerable.Range(0, 2000).Select(async i =>
        {
            var due = start + (Stopwatch.Frequency * i / 100_000);
            // Not through xunit's two-thread context: with both cores busy, 2,000 continuations
            // queued one by one to it took over 10 s (each waited for a time slice).
            await scheduler.CreateWaiter().WaitUntilAsync(due).ConfigureAwait(false);
            return Stopwatch.GetTimestamp() - due;
        }).ToList();
        var lateness = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(lateness, l => Assert.True(l >= 0, "released before its due time"));
        Assert.Equal(0, scheduler.Pending);
        Assert.Equal(2000, scheduler.ReleaseLateness.Snapshot().Count);
    }

    [Fact]
    public async Task OneWaiterServesEveryWaitOfAStream_NeverEarly()
    {
        using var scheduler = new StreamScheduler();
        var waiter = scheduler.CreateWaiter();
        var start = Stopwatch.GetTimestamp();
        for (var i = 1; i <= 20; i++)
        {
            var due = start + (Stopwatch.Frequency * i / 1000); // every 1 ms
            await waiter.WaitUntilAsync(due);
            Assert.True(Stopwatch.GetTimestamp() >= due, $"wait {i} released before its due time");
        }

        // A due time already past completes at once, without queueing.
        Assert.True(waiter.WaitUntilAsync(start).IsCompletedSuccessfully);
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public async Task DisposingTheSchedulerReleasesAPendingWaiter()
    {
        var scheduler = new StreamScheduler();
        var wait = scheduler.CreateWaiter().WaitUntilAsync(Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60));
        scheduler.Dispose();
        await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LatenessBenchmarkRecordsEveryEvent(bool readEachEvent)
    {
        var result = await LatenessBenchmark.RunAsync(streams: 4, interTokenInterval: TimeSpan.FromMilliseconds(10), duration: TimeSpan.FromMilliseconds(200), readEachEvent: readEachEvent);
        Assert.Equal(4, result.CompletedStreams);
        Assert.Equal(4 * result.TokensPerStream, result.Lateness.Count);
        Assert.True(result.Lateness.Max >= result.Lateness.P50);
        Assert.True(result.AllocatedBytes > 0);
    }

    [Fact]
    public void LatenessRecorderPercentiles()
    {
        var recorder = new LatenessRecorder();
        for (var i = 1; i <= 1000; i++)
        {
            recorder.Record(TimeSpan.FromMicroseconds(i));
        }

        var s = recorder.Snapshot();
        Assert.Equal(1000, s.Count);
        Assert.Equal(500, s.P50.TotalMicroseconds);
        Assert.Equal(990, s.P99.TotalMicroseconds);
        Assert.Equal(1000, s.Max.TotalMicroseconds);
    }
}
