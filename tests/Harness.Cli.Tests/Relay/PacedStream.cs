using System.Diagnostics;
using System.Threading.Channels;

namespace Harness.Cli.Tests.Relay;

/// <summary>
/// The relay's side of a response body or an upgraded WebSocket. Writes leave in order from a
/// background writer: the k-th write of a turn is held until k × chunk delay after it arrived, so
/// every gap between chunks grows by the chunk delay however far apart the upstream sent them.
/// Reads with data (a WebSocket client's message: a new turn) are held the read delay before the
/// relay forwards them.
/// </summary>
public sealed class PacedStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _readDelay;
    private readonly TimeSpan _chunkDelay;
    private readonly Channel<(byte[] Data, long Due)> _queue = Channel.CreateUnbounded<(byte[] Data, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _writer;
    private int _chunk;

    public PacedStream(Stream inner, TimeSpan readDelay, TimeSpan chunkDelay)
    {
        _inner = inner;
        _readDelay = readDelay;
        _chunkDelay = chunkDelay;
        _writer = Task.Run(WriteLoopAsync);
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _inner.ReadAsync(buffer, cancellationToken);
        if (n > 0)
        {
            Volatile.Write(ref _chunk, 0);
            if (_readDelay > TimeSpan.Zero)
            {
                await RelayDelay.UntilAsync(RelayDelay.After(Stopwatch.GetTimestamp(), _readDelay), cancellationToken);
            }
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int k = Interlocked.Increment(ref _chunk);
        _queue.Writer.TryWrite((buffer.ToArray(), RelayDelay.After(Stopwatch.GetTimestamp(), _chunkDelay * k)));
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The background writer flushes every chunk it sends.
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    /// <summary>Sends what is queued and stops the writer.</summary>
    public async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The forwarder disposes an upgraded stream when the tunnel ends: what it wrote goes first.
            DrainAsync().Wait(TimeSpan.FromSeconds(10));
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task WriteLoopAsync()
    {
        bool broken = false;
        await foreach (var (data, due) in _queue.Reader.ReadAllAsync())
        {
            if (broken)
            {
                continue; // the client is gone: drop the rest
            }

            try
            {
                await RelayDelay.UntilAsync(due);
                await _inner.WriteAsync(data);
                await _inner.FlushAsync();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                broken = true;
            }
        }
    }
}
