using Microsoft.Extensions.Hosting;

namespace Harness.Fakes;

/// <summary>
/// The fake's host lifetime: it neither waits for nor reacts to anything outside. The default
/// (<c>ConsoleLifetime</c>) takes SIGINT and SIGTERM for itself and cancels every one of them, so
/// in a process embedding the fake (<c>compare</c>, <c>load</c>) a second Ctrl+C could no longer
/// end the process, and the first one stopped the fake behind the run's back. The fake stops when
/// its owner disposes it; signals are the owner's.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
