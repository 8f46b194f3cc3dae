using System.Globalization;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load;

namespace Harness.Cli.Commands;

/// <summary>
/// The JIT priming of a load-running command (<see cref="JitPrimer"/>): against the embedded fake
/// through the measured client; against a real endpoint through a stand-in fake started in this
/// process, so the client's code is compiled before its first measured request and the endpoint
/// gets no load it was not asked for. None for agents aligned by <c>--start-at</c>, which keep
/// their fixed slots and rely on <c>--warmup</c>.
/// </summary>
internal sealed class CommandPrimer : IAsyncDisposable
{
    /// <summary>
    /// The stand-in's schedule: real waits (reads resume after a wait, as the measured ones do) and
    /// 20 tokens per stream, but 0.1 s streams, so a priming round of 100 takes a tenth of the default's second.
    /// </summary>
    private static readonly TokenSchedule s_standInSchedule = TokenSchedule.Parse("ttft=20,itl=5,tokens=20");

    private readonly FakeServer? _standIn;

    private CommandPrimer(JitPrimer? primer, FakeServer? standIn)
    {
        Primer = primer;
        _standIn = standIn;
    }

    /// <summary>The primer to hand to the runner; null when nothing is primed.</summary>
    public JitPrimer? Primer { get; }

    /// <summary>The primer for a command against <paramref name="endpoint"/>; <paramref name="aligned"/> when agents start at a fixed time.</summary>
    public static async Task<CommandPrimer> StartAsync(CliConsole console, EndpointSettings endpoint, bool aligned, CancellationToken ct)
    {
        if (aligned)
        {
            return new CommandPrimer(null, null);
        }

        if (!endpoint.IsReal)
        {
            return new CommandPrimer(Create(console, "unmeasured load", null), null);
        }

        // No fake warm-up of its own: the priming rounds warm it, and nothing measures it.
        var fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = s_standInSchedule }, ct);
        var endpoints = LoadCommandSupport.Endpoints.Of(fake, EndpointOptions.TokenCounterFor(endpoint));
        return new CommandPrimer(Create(console, "unmeasured load against a stand-in fake in this process (the endpoint gets none)", t => endpoints.Create(t, 0)), fake);
    }

    public async ValueTask DisposeAsync()
    {
        if (_standIn is not null)
        {
            await _standIn.DisposeAsync();
        }
    }

    private static JitPrimer Create(CliConsole console, string how, Func<Transport, IChatStreamClient>? standIn) => new(
        t =>
        {
            LoadCommandSupport.EndProgressLine(console);
            console.Error.WriteLine($"{t.ToName()}: priming the JIT with {how} (up to {JitPrimer.MaxRounds} rounds of up to one second)...");
        },
        (t, rounds, compiled) => console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.ToName()}: primed in {rounds} rounds ({compiled} methods compiled in the last)")),
        standIn);
}
