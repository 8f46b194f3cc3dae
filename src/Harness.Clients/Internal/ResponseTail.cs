using System.Buffers;

namespace Harness.Clients.Internal;

/// <summary>
/// What is left of a response body after its end marker (<c>[DONE]</c>, <c>response.completed</c>).
/// A pooled HTTP/1.1 connection is free for the next request only once the body has ended (the
/// terminating chunk read), and a relay writes that chunk only after its upstream ended, a moment
/// after the marker. Dropping the response at the marker leaves the connection draining in the
/// background, so a request sent straight after it (a closed-model worker's next, an overhead pair's
/// second) opens a new connection and pays a connect a warm run says it does not. On HTTP/2 a
/// dropped response resets its stream, which the server sees as the client giving up.
/// </summary>
internal static class ResponseTail
{
    /// <summary>
    /// How long the end of the body is awaited after the marker: far above a relay hop's delay, and
    /// short enough that a server which never ends the response (its connection cannot be reused
    /// anyway) costs each closed-model request little.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    /// <summary>Bytes read past the marker at most before the rest is left to the handler's own drain.</summary>
    private const int MaxBytes = 64 * 1024;

    /// <summary>
    /// Reads <paramref name="body"/> to its end within <see cref="Grace"/> and <see cref="MaxBytes"/>,
    /// discarding what comes. The request is already judged: a reset, a timeout or a cancellation
    /// here only means the connection is not reused, so nothing is thrown.
    /// </summary>
    public static async Task DrainAsync(Stream body, CancellationToken requestToken)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(requestToken);
            grace.CancelAfter(Grace);
            int total = 0;
            int n;
            while (total < MaxBytes && (n = await body.ReadAsync(scratch, grace.Token).ConfigureAwait(false)) > 0)
            {
                total += n;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // Not reused; the handler closes or drains the connection on dispose.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
