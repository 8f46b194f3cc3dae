namespace Harness.Fakes;

/// <summary>
/// The books one class of requests is kept in: outside requests in the server's public ones, the
/// fake's own (warm-up and keep-warm) in a private set of the same types, so both run the same code
/// and nothing the fake does to itself shows in its counters, lateness, write log or request index.
/// </summary>
internal sealed class FakeBooks
{
    private long _requestCounter = -1;

    public FakeServerCounters Counters { get; } = new();

    public LatenessRecorder Lateness { get; } = new();

    public FakeWriteLog WriteLog { get; } = new();

    public long NextRequestIndex() => Interlocked.Increment(ref _requestCounter);
}
