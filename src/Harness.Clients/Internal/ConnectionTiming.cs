using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Harness.Clients.Internal;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> every client uses: timed connects, no proxy for loopback, no decompression.</summary>
internal static class ConnectionTiming
{
    /// <summary>How long an idle pooled connection is kept for the next request.</summary>
    public static readonly TimeSpan PooledIdleTimeout = TimeSpan.FromMinutes(2);

    public static SocketsHttpHandler CreateHandler(Uri endpoint, ChatClientOptions options, Func<HttpRequestMessage, ConnectProbe?> probeOf, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        var connectTimeout = options.Timeouts.Connect;
        var blocking = options.DirectConnection;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout > TimeSpan.Zero ? connectTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = PooledIdleTimeout,
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = !IsLoopback(endpoint),
            MaxResponseDrainSize = 64 * 1024,
            ConnectCallback = (context, ct) => ConnectAsync(context, probeOf(context.InitialRequestMessage), blocking, ct),
            PlaintextStreamFilter = (context, _) =>
            {
                probeOf(context.InitialRequestMessage)?.OnPlaintextReady(context.InitialRequestMessage.RequestUri?.Scheme is "https" or "wss");
                return ValueTask.FromResult(context.PlaintextStream);
            },
        };
        if (certificateValidation is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificateValidation };
        }

        return handler;
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var ip) && IPAddress.IsLoopback(ip));

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, ConnectProbe? probe, bool blocking, CancellationToken ct) =>
        new NetworkStream(await ConnectSocketAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, probe, blocking, ct).ConfigureAwait(false), ownsSocket: true);

    /// <summary>Resolves <paramref name="host"/> (unless it is an IP literal) and connects, stamping both on the probe.</summary>
    public static async ValueTask<Socket> ConnectSocketAsync(string host, int port, ConnectProbe? probe, bool blocking, CancellationToken ct)
    {
        probe?.OnConnecting();
        var started = Stopwatch.GetTimestamp();
        var isLiteral = IPAddress.TryParse(host.Trim('[', ']'), out var literal);
        IPAddress[] addresses = isLiteral ? [literal!] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);

        // An IP literal needs no resolution: its DNS time is zero, not the parse time.
        var resolved = isLiteral ? started : Stopwatch.GetTimestamp();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (blocking)
            {
                BlockingConnect(socket, addresses, port, ct);
            }
            else
            {
                await socket.ConnectAsync(addresses, port, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        probe?.OnConnected(started, resolved, Stopwatch.GetTimestamp());
        return socket;
    }

    /// <summary>
    /// A new socket is blocking in the OS until its first asynchronous operation, so this is one
    /// connect(2) on this thread. Cancellation (the connect timeout) disposes the socket,
    /// which ends the call; that failure is then reported as the cancellation it is.
    /// </summary>
    private static void BlockingConnect(Socket socket, IPAddress[] addresses, int port, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            using (ct.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
            {
                socket.Connect(addresses, port);
            }
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is SocketException or ObjectDisposedException)
        {
            throw new OperationCanceledException(ct);
        }

        ct.ThrowIfCancellationRequested();
    }
}
