using System.Runtime.InteropServices;

namespace Harness.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM turned into a cancellation the verb sees, so a run stops, saves
/// what it measured (marked partial) and the process exits 130 or 143, as shells expect of an
/// interrupted program. A second signal is not intercepted: it ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private int _signal;

    public Interruption()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Signal => Volatile.Read(ref _signal) switch
    {
        0 => null,
        var s => (PosixSignal)s,
    };

    /// <summary>The exit code for an interrupted run: 128 + the signal number (130 SIGINT, 143 SIGTERM).</summary>
    public static int ExitCodeOf(PosixSignal signal) => signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) == 0)
        {
            context.Cancel = true; // keep the process: the verb saves what it has, then exits
            _cts.Cancel();
        }
    }
}
