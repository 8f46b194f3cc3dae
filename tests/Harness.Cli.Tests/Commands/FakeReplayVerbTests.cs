namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>fake replay</c> says what it will send: any file that is not a timed recording is served as a
/// body, so a wrong file (a results.json, a log) would otherwise be served in silence.
/// </summary>
public sealed class FakeReplayVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-replay-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("{\"bad\n", "fake: replaying 6 bytes at once (no recorded timing: a raw body, or one chunk at 0 ms), status 200, text/event-stream")]
    [InlineData("{\"content_type\":\"text/event-stream\",\"status\":200}\n{\"t_ms\":1,\"b64\":\"ZGF0YTogYQoK\"}\n{\"t_ms\":21.4,\"b64\":\"ZGF0YTogW0RPTkVdCgo=\"}\n", "fake: replaying 2 chunks, 23 bytes over 21 ms as recorded, status 200, text/event-stream")]
    public async Task Says_what_it_will_send_timed_or_at_once(string content, string said)
    {
        string path = Path.Combine(_root, "recording");
        await File.WriteAllTextAsync(path, content);
        var (process, urls) = await OutsidePeers.StartAsync("dotnet", [OutsidePeers.HarnessDll, "fake", "replay", "--no-warmup", "--no-keep-warm", path], TimeSpan.FromSeconds(60));
        try
        {
            Assert.StartsWith("{\"http\":", urls, StringComparison.Ordinal);
            await OutsidePeers.SignalAsync(process, "TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            OutsidePeers.Stop(process);
        }

        Assert.Contains(said, await OutsidePeers.StandardErrorAsync(process), StringComparison.Ordinal);
    }
}
