namespace Harness.Fakes;

/// <summary>
/// Keeps an idle fake's serving path warm. Once a whole <see cref="Period"/> has passed with no
/// outside request started or ended and none in flight, the fake sends itself one SSE request over a
/// fresh HTTP/1.1 connection, and again every period while the quiet lasts. Without it, a request
/// after a pause of half a second spent 0.5–2 ms longer between the client's connect and the
/// handler's start than one sent right after another: the accept, parse and routing code and data
/// had left the CPU's caches. A beat costs about 2 ms of CPU, so about 4 % of a core while idle and
/// nothing while requests keep coming. Beats go to the fake's own books (<see cref="FakeBooks"/>).
/// </summary>
internal sealed class FakeKeepWarm : IAsyncDisposable
{
    /// <summary>How long the fake must be quiet before a beat, and the time between beats.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _beats;

    private FakeKeepWarm(FakeServer server, string token) => _loop = RunAsync(server, token, _stop.Token);

    /// <summary>Beats sent so far.</summary>
    public long Beats => Volatile.Read(ref _beats);

    public static FakeKeepWarm Start(FakeServer server, string token) => new(server, token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(FakeServer server, string token, CancellationToken ct)
    {
        await Task.Yield();
        using var handler = FakeWarmUp.CreateHandler(server);
        handler.PooledConnectionLifetime = TimeSpan.Zero; // a fresh connection per beat: the accept path stays warm too
        using var client = new HttpClient(handler, disposeHandler: false);
        using var timer = new PeriodicTimer(Period);
        var counters = server.Counters;
        (long Started, long Served, long WebSockets) last = (-1, -1, -1);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var now = (counters.RequestsStarted, counters.RequestsServed, counters.WebSocketSessions);
            var quiet = now == last && now.RequestsStarted == now.RequestsServed;
            last = now;
            if (!quiet)
            {
                continue;
            }

            Interlocked.Increment(ref _beats);
            try
            {
                await FakeWarmUp.BeatAsync(client, server, token, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // A beat that fails (the machine out of ports, say) is skipped; the next may work.
            }
        }
    }
}
