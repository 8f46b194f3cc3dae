using System.Collections.Concurrent;
using System.Net.Security;

namespace Harness.Clients.Internal.Http11;

/// <summary>
/// Idle HTTP/1.1 connections to one endpoint, for a client of many concurrent streams. SocketsHttpHandler
/// reads a chunked body through a state machine it boxes at every read that waits, one per token
/// of a streamed answer, and each request's handler objects live as long as the request: at 1,000
/// streams the garbage set the collector's pace (docs/notes/capacity.md). A connection here reads
/// with pooled state and a buffer of its own; the one used last is taken first. No limit on
/// connections: each stream in flight holds one, as with SocketsHttpHandler's default.
/// </summary>
internal sealed class Http11ConnectionPool(Uri endpoint, RemoteCertificateValidationCallback? certificateValidation) : IDisposable
{
    private readonly ConcurrentStack<(Http11Connection Connection, long IdleSince)> _idle = new();
    private volatile bool _disposed;

    /// <summary>
    /// An idle connection still open, if there is one. Those the server closed meanwhile are dropped,
    /// and those idle longer than the handler keeps its own (<see cref="ConnectionTiming.PooledIdleTimeout"/>):
    /// a path that dropped one without a close (a NAT's timeout) would hold the next request to its timeout.
    /// </summary>
    public bool TryTake(out Http11Connection connection)
    {
        while (_idle.TryPop(out var idle))
        {
            connection = idle.Connection;
            if (Environment.TickCount64 - idle.IdleSince < ConnectionTiming.PooledIdleTimeout.TotalMilliseconds && connection.IsReusable())
            {
                return true;
            }

            connection.Dispose();
        }

        connection = null!;
        return false;
    }

    /// <summary>A new connection, connected asynchronously, that comes back here after a complete response.</summary>
    public ValueTask<Http11Connection> OpenAsync(ConnectProbe? probe, CancellationToken ct) =>
        Http11Connection.OpenAsync(endpoint, probe, certificateValidation, ct, blocking: false, pool: this);

    /// <summary>Keeps <paramref name="connection"/> for the next request (closes it once the pool is disposed).</summary>
    public void Return(Http11Connection connection)
    {
        _idle.Push((connection, Environment.TickCount64));
        if (_disposed)
        {
            Drain();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryPop(out var idle))
        {
            idle.Connection.Dispose();
        }
    }
}
