using Microsoft.AspNetCore.Http.Features;

namespace Harness.Cli.Tests.Relay;

/// <summary>Hands the forwarder a <see cref="PacedStream"/> around the upgraded (WebSocket) connection.</summary>
public sealed class PacedUpgradeFeature(IHttpUpgradeFeature inner, TimeSpan readDelay, TimeSpan chunkDelay) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => new PacedStream(await inner.UpgradeAsync(), readDelay, chunkDelay);
}
