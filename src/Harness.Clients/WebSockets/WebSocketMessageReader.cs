using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Harness.Clients.WebSockets;

/// <summary>
/// Reads whole WebSocket messages: fragments are joined into one pooled buffer that is reused for
/// every message, so reading a message allocates nothing once the buffer has grown to fit.
/// </summary>
/// <remarks>
/// Not thread-safe: one reader per socket, one read at a time (as <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> requires).
/// Control frames (ping, pong) are handled by the socket and never surface here.
/// </remarks>
public sealed class WebSocketMessageReader : IDisposable
{
    private const int InitialBufferSize = 4096;
    private readonly WebSocket _socket;
    private readonly int _maxMessageSize;
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a reader over <paramref name="socket"/> that rejects messages over <paramref name="maxMessageSize"/> bytes.</summary>
    public WebSocketMessageReader(WebSocket socket, int maxMessageSize = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 1);
        _socket = socket;
        _maxMessageSize = maxMessageSize;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, maxMessageSize + 1));
    }

    /// <summary>The last message read, valid until the next read.</summary>
    public ReadOnlySpan<byte> Message => _buffer.AsSpan(0, _length);

    /// <summary>The last message read as memory, valid until the next read.</summary>
    public ReadOnlyMemory<byte> MessageMemory => _buffer.AsMemory(0, _length);

    /// <summary>Text or binary, for the last message read.</summary>
    public WebSocketMessageType MessageType { get; private set; }

    /// <summary>The peer's close status once <see cref="ReadAsync"/> returned false (null when the close frame had none).</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The peer's close reason once <see cref="ReadAsync"/> returned false.</summary>
    public string? CloseStatusDescription { get; private set; }

    /// <summary>Messages read so far.</summary>
    public long MessageCount { get; private set; }

    /// <summary>
    /// Reads the next whole message; true when one is available in <see cref="Message"/>, false
    /// when the peer sent a close frame. A connection that drops without a close frame throws
    /// <see cref="WebSocketException"/>; a message past the limit throws
    /// <see cref="WebSocketMessageTooLargeException"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        _length = 0;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                Grow();
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _length = 0;
                CloseStatus = _socket.CloseStatus;
                CloseStatusDescription = _socket.CloseStatusDescription;
                return false;
            }

            _length += result.Count;
            if (_length > _maxMessageSize)
            {
                _length = 0;
                throw new WebSocketMessageTooLargeException(_maxMessageSize);
            }

            if (result.EndOfMessage)
            {
                MessageType = result.MessageType;
                MessageCount++;
                return true;
            }
        }
    }

    /// <summary>Returns the pooled buffer. The socket is not disposed.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow()
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);

        // One byte past the limit is enough to tell "exactly at the limit" from "over it".
        var size = (int)Math.Min((long)_buffer.Length * 2, (long)_maxMessageSize + 1);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
