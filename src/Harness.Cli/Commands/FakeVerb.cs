using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Harness.Cli.Options;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Fakes;

namespace Harness.Cli.Commands;

/// <summary><c>harness fake serve|lateness|replay</c>: the fake OpenAI-compatible streaming endpoints.</summary>
public sealed class FakeVerb : ICliVerb
{
    /// <inheritdoc/>
    public int Order => 40;

    /// <inheritdoc/>
    public Command Create(CliConsole console)
    {
        var fake = new Command("fake", "Fake OpenAI-compatible streaming endpoints (SSE and WebSocket) on 127.0.0.1.");
        fake.Subcommands.Add(CreateServe(console));
        fake.Subcommands.Add(CreateLateness(console));
        fake.Subcommands.Add(CreateReplay(console));
        fake.Subcommands.Add(CreateStubs(console));
        return fake;
    }

    private static Command CreateServe(CliConsole console)
    {
        var port = PortOption();
        var profile = new Option<FileInfo?>("--profile") { Description = "JSON schedule file, e.g. {\"ttft_ms\":120,\"itl_ms\":20,\"tokens\":200}" };
        var schedule = new Option<string?>("--schedule") { Description = "Default schedule in compact form, e.g. ttft=120,itl=20,tokens=200 (applied over --profile)" };
        var fault = new Option<string?>("--fault") { Description = "Default faults, e.g. ping-every=2;line-ends=crlf" };
        var tls = new Option<bool>("--tls") { Description = "Also serve https/wss with a self-signed certificate made at start-up" };
        var apiKey = new Option<string?>("--api-key") { Description = "Require this API key (401 otherwise)" };
        var listen = new Option<string?>("--listen") { Description = "Address to listen on instead of 127.0.0.1 (0.0.0.0 for all interfaces, e.g. in a container)" };
        var noWarmUp = NoWarmUpOption();
        var noKeepWarm = NoKeepWarmOption();
        var cmd = new Command("serve", "Serve until Ctrl+C or SIGTERM; prints the URLs as one JSON line on stdout once warm (its first request is then served on schedule).");
        foreach (var o in new Option[] { port, profile, schedule, fault, tls, apiKey, listen, noWarmUp, noKeepWarm })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((parsed, ct) => Guarded(console, async () =>
        {
            var options = new FakeServerOptions
            {
                Port = parsed.GetValue(port),
                Schedule = LoadSchedule(parsed.GetValue(profile), parsed.GetValue(schedule)),
                Faults = ParseFaults(parsed.GetValue(fault)),
                Tls = parsed.GetValue(tls),
                ApiKey = parsed.GetValue(apiKey),
                Address = parsed.GetValue(listen) is { } address ? ListenAddress(address) : System.Net.IPAddress.Loopback,
                WarmUp = !parsed.GetValue(noWarmUp),
                KeepWarm = !parsed.GetValue(noKeepWarm),
            };
            return await ServeAsync(console, options, ct);
        }));
        return cmd;
    }

    private static Command CreateReplay(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Recording: JSON lines of {\"t_ms\":..,\"b64\":..} chunks, or a raw body without timing" };
        var port = PortOption();
        var noWarmUp = NoWarmUpOption();
        var noKeepWarm = NoKeepWarmOption();
        var cmd = new Command("replay", "Serve a recorded stream byte for byte (with its recorded timing) to every POST /v1/chat/completions and /v1/responses.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(port);
        cmd.Options.Add(noWarmUp);
        cmd.Options.Add(noKeepWarm);
        cmd.SetAction((parsed, ct) => Guarded(console, async () =>
        {
            var path = parsed.GetValue(file)!;
            StreamRecording recording;
            try
            {
                recording = StreamRecording.Load(ReadableFile(path, "recording"));
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"recording '{path.FullName}': {ex.Message}");
            }

            return await ServeAsync(console, new FakeServerOptions { Port = parsed.GetValue(port), Replay = recording, WarmUp = !parsed.GetValue(noWarmUp), KeepWarm = !parsed.GetValue(noKeepWarm) }, ct);
        }));
        return cmd;
    }

    private static Command CreateStubs(CliConsole console)
    {
        var cmd = new Command("stubs", "Serve WireMock canned error answers (401, 429, 5xx, ...) until Ctrl+C; prints a base URL per status as one JSON line.");
        cmd.SetAction((parsed, ct) => Guarded(console, async () =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            using var stubs = CannedErrorServer.Start();
            var urls = CannedErrorServer.Statuses.ToDictionary(s => s.ToString(CultureInfo.InvariantCulture), s => stubs.BaseUrlFor(s).ToString());
            console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(urls));
            console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command CreateLateness(CliConsole console)
    {
        var streams = new Option<string>("--streams") { Description = "Comma-separated concurrent stream counts", DefaultValueFactory = _ => "1,100,1000" };
        var itl = new Option<string>("--itl") { Description = "Inter-token interval (e.g. 20ms)", DefaultValueFactory = _ => "20ms" };
        var duration = new Option<string>("--duration") { Description = "Length of each stream (e.g. 5s)", DefaultValueFactory = _ => "5s" };
        var threadPool = new Option<bool>("--thread-pool") { Description = "Continue released streams on the thread pool instead of the scheduler thread" };
        var readEachEvent = new Option<bool>("--read-each-event") { Description = "Client awaits every read like a real streaming client (default: one thread polls every connection each 50 ms, leaving the CPU to the fake)" };
        var cmd = new Command("lateness", "Measure how late the fake's events leave versus their schedule (p50/p99/max) at several concurrencies.");
        foreach (var o in new Option[] { streams, itl, duration, threadPool, readEachEvent })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((parsed, ct) => Guarded(console, async () =>
        {
            // The same list rules as compare's --concurrency: an empty item or a repeat is refused.
            var counts = LoadOptions.ParseCounts(parsed.GetValue(streams), "--streams", 10_000);

            var gap = Duration("--itl", parsed.GetValue(itl)!);
            var length = Duration("--duration", parsed.GetValue(duration)!);
            if (gap <= TimeSpan.Zero || length < gap)
            {
                throw new UsageException("--itl must be positive and --duration at least one interval");
            }

            console.Out.WriteLine($"| streams | itl | events | p50 ms | p99 ms | p99.9 ms | max ms | release p99 ms | release max ms | completed |");
            console.Out.WriteLine($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var n in counts)
            {
                var r = await LatenessBenchmark.RunAsync(n, gap, length, !parsed.GetValue(threadPool), parsed.GetValue(readEachEvent), ct);
                console.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"fake lateness: {n} streams: scheduler thread priority {r.SchedulerThreadPriority}; measured part: {r.GcCollections} GCs paused {r.GcPause.TotalMilliseconds:0} ms, {r.AllocatedBytes / Math.Max(1, r.Lateness.Count)} B allocated per event (server and client), wall {r.Elapsed.TotalSeconds:0.0} s"));
                var l = r.Lateness;
                console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {n} | {gap.TotalMilliseconds} ms | {l.Count} | {l.P50.TotalMilliseconds:0.000} | {l.P99.TotalMilliseconds:0.000} | {l.P999.TotalMilliseconds:0.000} | {l.Max.TotalMilliseconds:0.000} | {r.ReleaseLateness.P99.TotalMilliseconds:0.000} | {r.ReleaseLateness.Max.TotalMilliseconds:0.000} | {r.CompletedStreams}/{n} |"));
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>
    /// Turns a <see cref="UsageException"/> into one line and exit 2 here, because System.CommandLine's
    /// default exception handler would otherwise print it as an unhandled exception with exit 1.
    /// </summary>
    private static async Task<int> Guarded(CliConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (UsageException ex)
        {
            console.Error.WriteLine($"harness: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    private static Option<bool> NoWarmUpOption() =>
        new("--no-warmup") { Description = "Print the URLs at once, without first running the fake's paths against itself (the first requests then pay its JIT cost)" };

    private static Option<bool> NoKeepWarmOption() =>
        new("--no-keep-warm") { Description = "Do not send the fake a request of its own every 50 ms while it is idle (its next request after a pause is then served about 1 ms later)" };

    /// <summary>
    /// The address of <c>--listen</c>. One with a port ("0.0.0.0:8080", "[::]:8080") is refused, the
    /// port named: IPAddress.TryParse would take "[::]:8080" and drop the port silently.
    /// </summary>
    private static System.Net.IPAddress ListenAddress(string text)
    {
        var withPort = System.Text.RegularExpressions.Regex.Match(text, @"^(?<host>\[[^\]]*\]|[0-9.]+):(?<port>[0-9]+)$");
        if (withPort.Success)
        {
            string port = withPort.Groups["port"].Value;
            bool inRange = port.Length <= 5 && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) <= 65535;
            throw new UsageException($"--listen: '{text}' {(inRange ? $"has a port ({port})" : $"has a port out of range ({port}; ports are 0-65535)")}: --listen takes the address alone, give the port with --port");
        }

        return System.Net.IPAddress.TryParse(text, out var ip) ? ip : throw new UsageException($"--listen: '{text}' is not an IP address");
    }

    /// <summary>Starts the fake; an address of another machine is the option's fault, not the socket's "Cannot assign requested address".</summary>
    private static async Task<FakeServer> StartAsync(FakeServerOptions options, CancellationToken ct)
    {
        try
        {
            return await FakeServer.StartAsync(options, ct);
        }
        catch (Exception ex) when (ExceptionChain.Find<System.Net.Sockets.SocketException>(ex)?.SocketErrorCode == System.Net.Sockets.SocketError.AddressNotAvailable)
        {
            throw new UsageException($"--listen {options.Address}: not an address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for all its interfaces)");
        }
    }

    private static Option<int> PortOption() =>
        new("--port") { Description = "Port on 127.0.0.1 for HTTP/1.1 and WebSocket (0: a free one)", DefaultValueFactory = _ => 0 };

    private static async Task<int> ServeAsync(CliConsole console, FakeServerOptions options, CancellationToken ct)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new UsageException($"--port must be 0..65535, got {options.Port}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        await using var server = await StartAsync(options, stop.Token);
        if (server.WarmUpReport is { } warm)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fake: warmed up in {warm.Elapsed.TotalMilliseconds:0} ms ({Plural.Of(warm.MethodsCompiled, "method")} compiled)"));
        }

        // A pinned fake collects as often as a pinned client, and each pause holds up its sends.
        if (CommandPrimer.YoungGenerationAdvice(YoungGenerationBudget.SmallCap) is { } gcAdvice)
        {
            console.Error.WriteLine(gcAdvice);
        }

        if (options.Replay is { } replay)
        {
            // Any file that is not a timed recording is served as a body: say what will be sent.
            long bytes = replay.Chunks.Sum(c => (long)c.Bytes.Length);
            console.Error.WriteLine(replay.IsTimed
                ? string.Create(CultureInfo.InvariantCulture, $"fake: replaying {Harness.Core.Plural.Of(replay.Chunks.Count, "chunk")}, {Harness.Core.Plural.Of(bytes, "byte")} over {replay.Chunks[^1].Offset.TotalMilliseconds:0} ms as recorded, status {replay.Status}, {replay.ContentType}")
                : string.Create(CultureInfo.InvariantCulture, $"fake: replaying {Harness.Core.Plural.Of(bytes, "byte")} at once (no recorded timing: a raw body, or one chunk at 0 ms), status {replay.Status}, {replay.ContentType}"));
        }

        console.Out.WriteLine(server.DescribeJson());
        console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        console.Error.WriteLine($"fake: stopping after {Harness.Core.Plural.Of(server.Counters.RequestsServed, "request")}");
        return ExitCodes.Ok;
    }

    private static TokenSchedule LoadSchedule(FileInfo? profile, string? compact)
    {
        var schedule = TokenSchedule.Default;
        if (profile is not null)
        {
            string path = ReadableFile(profile, "--profile");
            try
            {
                schedule = TokenSchedule.FromJson(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--profile: {path}: {ex.Message}");
            }
        }

        try
        {
            return string.IsNullOrWhiteSpace(compact) ? schedule : TokenSchedule.Parse(compact, schedule);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--schedule: {ex.Message}");
        }
    }

    /// <summary>The full path of <paramref name="file"/>; a usage error naming <paramref name="what"/> when it is missing or a directory.</summary>
    private static string ReadableFile(FileInfo file, string what) => InputFile.Require(file.FullName, what);

    private static FaultSpec ParseFaults(string? text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? FaultSpec.None : FaultSpec.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException("--fault: " + ex.Message);
        }
    }

    private static TimeSpan Duration(string name, string text)
    {
        try
        {
            return DurationText.Parse(text, TimeSpan.FromMilliseconds(1));
        }
        catch (FormatException)
        {
            throw new UsageException($"{name}: '{text}' is not a duration like 20ms or 5s");
        }
    }
}
