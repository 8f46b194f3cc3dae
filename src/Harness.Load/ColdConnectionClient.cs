using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// Cold connections: a fresh client (so a fresh connection, TCP and TLS handshake included) for
/// every request, disposed after it. Wraps any <see cref="IChatStreamClient"/> factory.
/// </summary>
public sealed class ColdConnectionClient : IChatStreamClient
{
    private readonly Func<IChatStreamClient> _create;

    /// <summary>Creates the wrapper.</summary>
    public ColdConnectionClient(Transport transport, Func<IChatStreamClient> create)
    {
        Transport = transport;
        _create = create ?? throw new ArgumentNullException(nameof(create));
    }

    /// <inheritdoc />
    public Transport Transport { get; }

    /// <inheritdoc />
    public async Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
    {
        await using var client = _create();
        return await client.StreamAsync(request, intendedStart, observer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
