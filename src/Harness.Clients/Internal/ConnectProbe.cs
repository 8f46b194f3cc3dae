using System.Diagnostics;

namespace Harness.Clients.Internal;

/// <summary>
/// Carries one attempt's timeline into the handler's connect callback and stream filter, so DNS,
/// TCP and TLS durations are measured where they happen. A request whose probe never saw a connect
/// went out on a pooled connection.
/// </summary>
/// <remarks>
/// HTTP/1.1 pools hand a new connection to whichever request is waiting first; the connect cost is
/// charged to the request that asked for the connection, which is almost always the one that gets it.
/// </remarks>
internal sealed class ConnectProbe(RequestTimeline timeline)
{
    private long _tcpDone;

    public RequestTimeline Timeline { get; } = timeline;

    public bool Connected { get; private set; }

    /// <summary>A new connection for this request is being opened (before DNS).</summary>
    public void OnConnecting() => Timeline.ConnectStarted = true;

    public void OnConnected(long started, long resolved, long connected)
    {
        Timeline.ConnectStart = started;
        Timeline.DnsDuration = Stopwatch.GetElapsedTime(started, resolved);
        Timeline.TcpConnectDuration = Stopwatch.GetElapsedTime(resolved, connected);
        _tcpDone = connected;
        Connected = true;
    }

    /// <summary>The plaintext stream is ready: after TLS when the scheme is secure.</summary>
    public void OnPlaintextReady(bool secure)
    {
        if (secure && _tcpDone != 0)
        {
            Timeline.TlsHandshakeDuration = Stopwatch.GetElapsedTime(_tcpDone);
        }

        Timeline.ConnectCompleted = true;
    }
}
