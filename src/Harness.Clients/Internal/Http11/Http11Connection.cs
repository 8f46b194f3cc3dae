using System.Buffers;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;

namespace Harness.Clients.Internal.Http11;

/// <summary>
/// One HTTP/1.1 connection: with <c>blocking</c>, connected, secured and written on the calling
/// thread, only waiting for the response leaving it (SocketsHttpHandler's pool hands a new
/// connection's work to other threads, and on an idle machine each hand-off is a wake-up inside the
/// measured time, docs/measurement.md); without, connected asynchronously for a load of many
/// streams. The response is an <see cref="HttpResponseMessage"/> whose content streams the body
/// (<see cref="Http11BodyStream"/>) and holds the connection until it is disposed: then a body read to
/// its end gives the connection back to its <see cref="Http11ConnectionPool"/>, if it has one and the
/// server keeps it open, and any other closes it.
/// </summary>
internal sealed class Http11Connection : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private const int MaxHeadSize = 64 * 1024;
    private readonly Socket _socket;
    private readonly Http11ConnectionPool? _pool;
    private readonly Action<bool> _bodyEnded; // BodyEnded, made once for the connection's responses
    private Stream? _stream;

    // Read buffer for the response head and then the body, rented once for the connection's life:
    // the body stream borrows it until it is done.
    private byte[] _buffer = [];
    private ArrayBufferWriter<byte>? _send; // the request's bytes, head and body, sent in one write
    private bool _keepAlive;

    private Http11Connection(Socket socket, Stream stream, Http11ConnectionPool? pool)
    {
        _socket = socket;
        _stream = stream;
        _pool = pool;
        _bodyEnded = BodyEnded;
    }

    /// <summary>Whether any byte of the current request's response arrived: a reused connection that failed before one had been closed by the server while idle.</summary>
    public bool ReceivedAny { get; private set; }

    /// <summary>True when a request to <paramref name="endpoint"/> would go direct: http or https with no proxy in the way.</summary>
    public static bool Applies(Uri endpoint)
    {
        if (endpoint.Scheme is not ("http" or "https"))
        {
            return false;
        }

        if (ConnectionTiming.IsLoopback(endpoint))
        {
            return true;
        }

        var proxy = HttpClient.DefaultProxy;
        return proxy.IsBypassed(endpoint) || proxy.GetProxy(endpoint) is null;
    }

    /// <summary>
    /// Connects and, for https, completes TLS offering only HTTP/1.1: with <paramref name="blocking"/>
    /// on this thread, else asynchronously. A connection from <paramref name="pool"/> goes back to it
    /// after a response read to its end.
    /// </summary>
    /// <exception cref="HttpRequestException">The connection failed.</exception>
    public static async ValueTask<Http11Connection> OpenAsync(Uri endpoint, ConnectProbe? probe, RemoteCertificateValidationCallback? certificateValidation, CancellationToken ct, bool blocking = true, Http11ConnectionPool? pool = null)
    {
        var host = endpoint.IdnHost;
        Socket socket;
        try
        {
            socket = await ConnectionTiming.ConnectSocketAsync(host, endpoint.Port, probe, blocking, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException && !ct.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{ex.Message} ({endpoint.Authority})", ex);
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (endpoint.Scheme == "https")
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = host.Trim('[', ']'),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = certificateValidation,
            };
            try
            {
                if (blocking)
                {
                    using (ct.UnsafeRegister(static s => ((Stream)s!).Dispose(), ssl))
                    {
                        ssl.AuthenticateAsClient(options);
                    }
                }
                else
                {
                    await ssl.AuthenticateAsClientAsync(options, ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ssl.Dispose();
                ct.ThrowIfCancellationRequested();
                throw new HttpRequestException(HttpRequestError.SecureConnectionError, $"the TLS handshake with {endpoint.Authority} failed: {ex.Message}", ex);
            }

            stream = ssl;
        }

        probe?.OnPlaintextReady(endpoint.Scheme == "https");
        return new Http11Connection(socket, stream, pool);
    }

    /// <summary>
    /// Whether an idle connection can carry another request: still open, with nothing to read (a
    /// server closing it while idle leaves its end of stream readable; a byte it sent unasked
    /// would be read as the next response's).
    /// </summary>
    public bool IsReusable()
    {
        try
        {
            return _stream is not null && !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="request"/> and reads the response head; the response's content then owns
    /// the connection. On failure the connection is closed.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="written">Called right after the request's bytes went to the connection (the content itself is buffered first).</param>
    /// <param name="ct">Cancels the write and the wait for the head.</param>
    /// <exception cref="HttpRequestException">The request could not be written or the response head was invalid or cut short.</exception>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Action? written, CancellationToken ct)
    {
        var stream = _stream ?? throw new ObjectDisposedException(nameof(Http11Connection));
        try
        {
            // Head and body in one write, so they leave in one segment: a server that gets the head
            // alone parses it, waits, and is woken again for the body (Python's http.client sends
            // a small request the same way).
            ReceivedAny = false;
            _send ??= new ArrayBufferWriter<byte>(1024);
            _send.ResetWrittenCount();
            Http11RequestWriter.Write(_send, request, ct);
            stream.Write(_send.WrittenSpan);

            written?.Invoke();

            if (_buffer.Length == 0)
            {
                _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            }

            var buffer = _buffer;
            var filled = 0;
            while (true)
            {
                int headLength;
                while ((headLength = Http11ResponseHead.FindEnd(buffer.AsSpan(0, filled))) < 0)
                {
                    if (filled == buffer.Length)
                    {
                        if (buffer.Length == MaxHeadSize)
                        {
                            throw Http11ResponseHead.Invalid($"a head longer than {MaxHeadSize} bytes");
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxHeadSize));
                        buffer.AsSpan(0, filled).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        _buffer = buffer = bigger;
                    }

                    var n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw ExceptionText.Plain(new HttpRequestException(HttpRequestError.ResponseEnded, filled == 0
                            ? "the server closed the connection without a response"
                            : "the server closed the connection in the middle of the response head"));
                    }

                    filled += n;
                    ReceivedAny = true;
                }

                var head = Http11ResponseHead.Parse(buffer.AsSpan(0, headLength));
                if (head.StatusCode is >= 100 and < 200 and not 101)
                {
                    // An interim response (100 Continue, 103 Early Hints): the final one follows.
                    buffer.AsSpan(headLength, filled - headLength).CopyTo(buffer);
                    filled -= headLength;
                    continue;
                }

                if (head.StatusCode == 101)
                {
                    throw Http11ResponseHead.Invalid("101 Switching Protocols to a request that asked for no upgrade");
                }

                var (framing, length) = head.Framing();
                _keepAlive = _pool is not null && head.KeepsConnectionOpen();
                var response = new HttpResponseMessage((System.Net.HttpStatusCode)head.StatusCode)
                {
                    Version = head.Version,
                    ReasonPhrase = head.ReasonPhrase,
                    RequestMessage = request,
                    Content = new StreamContent(new Http11BodyStream(stream, buffer, headLength, filled, framing, length, _bodyEnded)),
                };
                foreach (var (name, value) in head.Fields)
                {
                    if (!response.Headers.TryAddWithoutValidation(name, value))
                    {
                        response.Content.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                return response;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Dispose();
            ct.ThrowIfCancellationRequested();
            throw new HttpRequestException(HttpRequestError.ConnectionError, ex.Message, ex);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// The response's body stream was disposed, having read the body to its end with nothing left
    /// over (<paramref name="complete"/>) or not: the connection goes back to its pool or is closed.
    /// </summary>
    private void BodyEnded(bool complete)
    {
        if (complete && _keepAlive)
        {
            _pool!.Return(this);
        }
        else
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
