namespace Harness.Clients.Internal;

/// <summary>
/// A request that carries its attempt's <see cref="ConnectProbe"/> to the handler's connect callback
/// and stream filter. A field, where <see cref="HttpRequestMessage.Options"/> would make a dictionary
/// per request that lives as long as the request: at 1,000 streams in flight, half a kilobyte
/// more of each for every gen0 collection to copy.
/// </summary>
internal sealed class ProbedRequestMessage(HttpMethod method, Uri requestUri, ConnectProbe probe) : HttpRequestMessage(method, requestUri)
{
    public ConnectProbe Probe { get; } = probe;

    /// <summary>The probe <paramref name="message"/> carries, if it is one of these.</summary>
    public static ConnectProbe? Of(HttpRequestMessage message) => (message as ProbedRequestMessage)?.Probe;
}
