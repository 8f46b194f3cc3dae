using System.Diagnostics;
using System.Net;

namespace Harness.Clients.Internal;

/// <summary>
/// A fixed request body that stamps <see cref="RequestTimeline.RequestWritten"/> once it is handed to
/// a pooled connection. The direct HTTP/1.1 path copies it synchronously into its one send buffer
/// and stamps after that send itself (<c>Http11Connection.SendAsync</c>'s <c>written</c>).
/// </summary>
internal sealed class TimedBodyContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly RequestTimeline _timeline;

    public TimedBodyContent(ReadOnlyMemory<byte> body, RequestTimeline timeline)
    {
        _body = body;
        _timeline = timeline;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    /// <summary>The body's bytes, for a connection that writes them itself.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
        _timeline.RequestWritten = Stopwatch.GetTimestamp();
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_body.Span);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
