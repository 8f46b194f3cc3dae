using System.Globalization;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load;

namespace Harness.Cli.Commands;

/// <summary>
/// The JIT priming of a load-running command (<see cref="JitPrimer"/>): through a stand-in fake
/// started in this process, with fast streams and no per-request limits, so the client's (and the
/// fake's) code is compiled before the first measured request, a real endpoint gets no load it was
/// not asked for, and neither the run's schedule nor its timeouts or faults shape the priming (a
/// 3 s first token or a 0.5 s first-token timeout made priming against the embedded fake take 13-24 s,
/// and with every priming request timed out it left the stream's code cold). The stand-in speaks
/// TLS (its own self-signed certificate, the only one its clients accept) for a transport whose
/// endpoint is https or wss, so the TLS code is primed too. None for agents aligned by
/// <c>--start-at</c>, which keep their fixed slots and rely on <c>--warmup</c>.
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

    /// <summary>
    /// The primer for a command against <paramref name="endpoint"/>; <paramref name="aligned"/> when
    /// agents start at a fixed time; <paramref name="fakeInline"/> when the embedded fake releases
    /// tokens on its scheduler thread (the stand-in then does too, so that path is primed).
    /// </summary>
    public static async Task<CommandPrimer> StartAsync(CliConsole console, EndpointSettings endpoint, bool aligned, bool fakeInline, CancellationToken ct)
    {
        if (TierUpAdvice(JitQuiet.TierUpDelay) is { } advice)
        {
            console.Error.WriteLine(advice);
        }

        if (YoungGenerationAdvice(YoungGenerationBudget.SmallCap) is { } gcAdvice)
        {
            console.Error.WriteLine(gcAdvice);
        }

        if (aligned)
        {
            return new CommandPrimer(null, null);
        }

        // No fake warm-up of its own: the priming rounds warm it, and nothing measures it.
        bool httpsUrl = endpoint.Url?.Scheme == Uri.UriSchemeHttps, wssUrl = endpoint.WebSocketUrl?.Scheme == Uri.UriSchemeWss;
        var fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = s_standInSchedule, Tls = httpsUrl || wssUrl, InlineSchedulerContinuations = fakeInline }, ct);
        var endpoints = new LoadCommandSupport.Endpoints(
            httpsUrl ? fake.HttpsBaseUrl : fake.HttpBaseUrl,
            httpsUrl ? fake.HttpsBaseUrl : fake.Http2BaseUrl,
            wssUrl ? fake.WssUrl : fake.WebSocketUrl,
            ApiKey: null,
            EndpointOptions.TokenCounterFor(endpoint))
        {
            CertificateValidation = fake.Certificate is { } certificate
                ? (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString()
                : null,
        };
        string how = !endpoint.IsReal
            ? "unmeasured load against a stand-in fake in this process, fast streams whatever the run's schedule and limits"
            : httpsUrl || wssUrl
            ? "unmeasured load against a stand-in fake in this process, over TLS like the endpoint, which gets none"
            : "unmeasured load against a stand-in fake in this process, so the endpoint gets none";
        return new CommandPrimer(Create(console, how, t => endpoints.Create(t, 0)), fake);
    }

    public async ValueTask DisposeAsync()
    {
        if (_standIn is not null)
        {
            await _standIn.DisposeAsync();
        }
    }

    private static JitPrimer Create(CliConsole console, string how, Func<Transport, IChatStreamClient> standIn) => new(
        t =>
        {
            LoadConsole.EndProgressLine(console);
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.ToName()}: priming the JIT with {how} (until {JitPrimer.QuietWindow.TotalSeconds:0.##} s of it compile fewer than {JitPrimer.SettledMethods} methods, at most {JitPrimer.Limit.TotalSeconds:0} s)..."));
        },
        report => console.Error.WriteLine(Describe(report)),
        standIn);

    /// <summary>
    /// A line when the runtime waits a second or more before recompiling hot code (its default on one
    /// CPU): priming cannot wait that out within its limit, and measured seconds then ran tier-0 code
    /// (500 HTTP/1.1 streams on a pinned client read a lag p99 of 3–17 ms; 0.6–1.1 ms without the delay).
    /// </summary>
    internal static string? TierUpAdvice(TimeSpan tierUpDelay) => tierUpDelay < TimeSpan.FromSeconds(1)
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"harness: the runtime waits {tierUpDelay.TotalSeconds:0.#} s after new code before recompiling hot code (its default when the process may use one CPU), so measured seconds may run unoptimised code; set {JitQuiet.TierUpDelayVariable}=0 (run.sh and the container image do)");

    /// <summary>
    /// A line when the runtime caps the young generation (<paramref name="smallCap"/> bytes, see
    /// <see cref="YoungGenerationBudget.SmallCap"/>) under the harness's floor and none was set:
    /// workstation GC, as on one CPU, on a machine that reports no CPU cache. Under load it is then
    /// collected about every second, each pause holding up the tokens due in it (the client's reads,
    /// the fake's sends).
    /// </summary>
    internal static string? YoungGenerationAdvice(long? smallCap) => smallCap is long cap
        ? string.Create(CultureInfo.InvariantCulture, $"harness: the runtime caps the young generation at {cap / (1024.0 * 1024):0.#} MB here (workstation GC; server GC needs more than one CPU), so under load it is collected about every second and each pause holds up the tokens due in it; set {YoungGenerationBudget.Variable}={YoungGenerationBudget.Recommended} for a 32 MB floor (run.sh and the container image do)")
        : null;

    /// <summary>The line after a transport's priming; failed priming requests are named, since they leave a stream's code cold.</summary>
    internal static string Describe(PrimingReport report)
    {
        string line = report.Settled
            ? string.Create(CultureInfo.InvariantCulture, $"{report.Transport.ToName()}: primed in {report.Elapsed.TotalSeconds:0.0} s, {Plural.Of(report.Rounds, "round")} ({Plural.Of(report.CompiledInLastWindow, "method")} compiled in the last {report.Window.TotalSeconds:0.##} s)")
            : string.Create(CultureInfo.InvariantCulture, $"{report.Transport.ToName()}: still compiling after {report.Elapsed.TotalSeconds:0.0} s of priming ({Plural.Of(report.CompiledInLastWindow, "method")} in the last {report.Window.TotalSeconds:0.##} s): the first measured requests may run code not yet at its final tier");
        if (report.Failed == 0)
        {
            return line;
        }

        string outcomes = string.Join(", ", report.Failures.OrderByDescending(f => f.Value).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {f.Value:N0}")));
        return string.Create(CultureInfo.InvariantCulture, $"{line}, but {report.Failed:N0} of {report.Requests:N0} priming requests failed ({outcomes}): the code a stream takes may still be cold in the first measured requests");
    }
}
