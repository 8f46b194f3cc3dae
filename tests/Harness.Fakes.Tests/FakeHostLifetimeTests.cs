using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harness.Fakes.Tests;

/// <summary>
/// An embedded fake leaves the process's signals alone: the default host lifetime cancels every
/// SIGINT/SIGTERM, so a process running the fake (compare, load) could not be ended by a second
/// Ctrl+C while it saved its results, and its first one stopped the fake mid-run.
/// </summary>
public sealed class FakeHostLifetimeTests
{
    [Fact]
    public async Task FakeServer_DoesNotTakeTheProcessSignals()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = FakeServerFixture.FastSchedule, WarmUp = false, KeepWarm = false });

        var lifetime = server.Services.GetRequiredService<IHostLifetime>();

        Assert.IsType<EmbeddedHostLifetime>(lifetime);
    }
}
