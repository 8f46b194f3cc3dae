using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Harness.Clients.Internal;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> every client uses: timed connects, no proxy for loopback, no decompression.</summary>
internal static class ConnectionTiming
{
    public static readonly HttpRequestOptionsKey<ConnectProbe> ProbeKey = new("harness.connect-probe");

    public static SocketsHttpHandler CreateHandler(Uri endpoint, ClientTimeouts timeouts, Func<HttpRequestMessage, ConnectProbe?> probeOf, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        var connectTimeout = timeouts.Connect;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout > TimeSpan.Zero ? connectTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = !IsLoopback(endpoint),
            MaxResponseDrainSize = 64 * 1024,
            ConnectCallback = (context, ct) => ConnectAsync(context, probeOf(context.InitialRequestMessage), ct),
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

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var ip) && IPAddress.IsLoopback(ip));

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, ConnectProbe? probe, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var host = context.DnsEndPoint.Host;
        var isLiteral = IPAddress.TryParse(host.Trim('[', ']'), out var literal);
        IPAddress[] addresses = isLiteral ? [literal!] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);

        // An IP literal needs no resolution: its DNS time is zero, not the parse time.
        var resolved = isLiteral ? started : Stopwatch.GetTimestamp();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        probe?.OnConnected(started, resolved, Stopwatch.GetTimestamp());
        return new NetworkStream(socket, ownsSocket: true);
    }
}
