namespace Harness.Clients.WebSockets;

/// <summary>A WebSocket message grew past the reader's limit; the reader's memory stays bounded.</summary>
public sealed class WebSocketMessageTooLargeException : Exception
{
    /// <summary>Creates the exception for a limit of <paramref name="maxMessageSize"/> bytes.</summary>
    public WebSocketMessageTooLargeException(int maxMessageSize)
        : base($"WebSocket message larger than {maxMessageSize} bytes")
    {
        MaxMessageSize = maxMessageSize;
    }

    /// <summary>Creates the exception with a message.</summary>
    public WebSocketMessageTooLargeException()
        : base("WebSocket message too large")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WebSocketMessageTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public WebSocketMessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public int MaxMessageSize { get; }
}
