using System.Buffers;
using System.Net.WebSockets;
using Harness.Clients.WebSockets;

namespace Harness.Clients.Internal;

/// <summary>One open WebSocket with its reader, send buffer and the handler it connected through.</summary>
internal sealed class PooledWebSocket(ClientWebSocket socket, HttpMessageInvoker invoker, int maxMessageSize) : IDisposable
{
    public ClientWebSocket Socket { get; } = socket;

    public WebSocketMessageReader Reader { get; } = new(socket, maxMessageSize);

    public ArrayBufferWriter<byte> SendBuffer { get; } = new(512);

    public void Dispose()
    {
        Socket.Abort();
        Socket.Dispose();
        Reader.Dispose();
        invoker.Dispose();
    }
}
