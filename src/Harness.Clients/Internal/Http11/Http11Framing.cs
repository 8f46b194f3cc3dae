namespace Harness.Clients.Internal.Http11;

/// <summary>How a response body's end is found (RFC 9112 §6.3).</summary>
internal enum Http11Framing
{
    /// <summary>No body: 1xx, 204 and 304 responses.</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding ending in chunked.</summary>
    Chunked,

    /// <summary>Until the server closes the connection.</summary>
    UntilClose,
}
