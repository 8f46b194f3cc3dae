using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Fakes;

/// <summary>
/// The lateness benchmark's client: one keep-alive HTTP/1.1 socket that sends a streaming chat
/// request and drains the chunked response into one reused buffer, remembering only its last
/// bytes, either awaiting every read (<see cref="StreamAsync"/>) or polled without blocking
/// (<see cref="Send"/> then <see cref="Poll"/>). No HTTP client stack, no allocation per read: an
/// in-process client that allocated ~400 B per event (HttpClient's chunked reader) made
/// garbage-collection pauses that stopped the fake too, and the benchmark is about the fake.
/// </summary>
internal sealed class DrainConnection : IDisposable
{
    private const int TailSize = 64;
    private static readonly byte[] s_end = "\r\n0\r\n\r\n"u8.ToArray(); // the chunked body's last chunk
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly byte[] _tail = new byte[TailSize];
    private int _tailLength;
    private bool _first, _ok;

    private DrainConnection(Socket socket) => _socket = socket;

    /// <summary>
    /// Connects to the fake, synchronously: an asynchronous connect would register the socket with
    /// the runtime's event loop, whose thread then wakes for every event even in poll mode.
    /// </summary>
    public static DrainConnection Connect(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(endpoint);
            return new DrainConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The request bytes for a streaming chat completion from <paramref name="model"/>.</summary>
    public static byte[] Request(string model)
    {
        string body = $"{{\"model\":\"{model}\",\"stream\":true,\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}";
        return Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"));
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the response to its last chunk; true when the
    /// status was 200 and the stream ended with <c>data: [DONE]</c>.
    /// </summary>
    public async Task<bool> StreamAsync(byte[] request, CancellationToken ct)
    {
        Reset();
        await _socket.SendAsync(request, SocketFlags.None, ct);
        while (true)
        {
            int read = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct);
            if (read == 0)
            {
                return false; // the server closed before the end of the body
            }

            if (Consume(read) is bool done)
            {
                return done;
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> without waiting (poll mode: see <see cref="Poll"/>).</summary>
    public void Send(byte[] request)
    {
        _socket.Blocking = false;
        Reset();
        int sent = 0;
        while (sent < request.Length)
        {
            sent += _socket.Send(request.AsSpan(sent), SocketFlags.None);
        }
    }

    /// <summary>
    /// Poll mode: reads whatever has arrived without blocking (the socket is never registered with
    /// the runtime's event loop, so an arriving event wakes no thread); null while the response
    /// is still coming, else true when the status was 200 and the stream ended with <c>data: [DONE]</c>.
    /// </summary>
    public bool? Poll()
    {
        while (true)
        {
            int read = _socket.Receive(_buffer, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return null;
            }

            if (error != SocketError.Success || read == 0)
            {
                return false; // reset, or closed before the end of the body
            }

            if (Consume(read) is bool done)
            {
                return done;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Reset()
    {
        _first = true;
        _ok = false;
        _tailLength = 0;
    }

    /// <summary>Takes <paramref name="read"/> new bytes from the buffer: null until the body's last chunk has arrived.</summary>
    private bool? Consume(int read)
    {
        var bytes = _buffer.AsSpan(0, read);
        if (_first)
        {
            _ok = bytes.StartsWith("HTTP/1.1 200 "u8);
            _first = false;
        }

        _tailLength = AppendTail(bytes, _tailLength);
        var tail = _tail.AsSpan(0, _tailLength);
        return tail.EndsWith(s_end) ? _ok && tail.IndexOf("data: [DONE]"u8) >= 0 : null;
    }

    private int AppendTail(ReadOnlySpan<byte> read, int tailLength)
    {
        if (read.Length >= TailSize)
        {
            read[^TailSize..].CopyTo(_tail);
            return TailSize;
        }

        int keep = Math.Min(tailLength, TailSize - read.Length);
        _tail.AsSpan(tailLength - keep, keep).CopyTo(_tail);
        read.CopyTo(_tail.AsSpan(keep));
        return keep + read.Length;
    }
}
