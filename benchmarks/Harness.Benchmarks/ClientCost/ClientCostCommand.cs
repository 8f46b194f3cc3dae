using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Harness.Clients;
using Harness.Clients.SelfCheck;

namespace Harness.Benchmarks.ClientCost;

/// <summary>
/// <c>client-cost [--harness DLL] [--transports sse,sse-h2,ws] [--streams 100] [--tokens 200]
/// [--itl 20] [--rounds 3]</c>: the client's CPU time per received token. The fake runs as its own
/// process (<c>harness fake serve</c>) pinned to the last core, this process to the first, so
/// neither's work is counted as the other's; each round streams <c>--streams</c> answers at once
/// and divides each process's CPU time (user + system, from the OS) by the content deltas the
/// client received. Each harness round is followed by a round of <see cref="RuntimeFloorClient"/>
/// (the runtime's own client reading the same streams as bytes), so the ratio of the two comes
/// from one run. Measured rounds start once two warm-up rounds in a row compiled (almost) nothing
/// on either side. Prints a Markdown table; the median round per transport and client.
/// </summary>
public static class ClientCostCommand
{
    /// <summary>Most warm-up rounds before measuring anyway (the JIT column then shows what the rounds compiled).</summary>
    private const int MaxWarmUpRounds = 10;

    /// <summary>The help text.</summary>
    public const string Usage = """
        usage: client-cost [--harness DLL] [--transports sse,sse-h2,ws] [--streams 100] [--tokens 200] [--itl 20] [--rounds 3]
          CPU microseconds per received token for the client (this process, pinned to core 0) and for
          the fake (harness fake serve in its own process, pinned to the last core), per transport.
          Beside each harness round, a round of the runtime's own client (HttpClient or ClientWebSocket)
          reading the same streams as bytes: the floor for that transport in .NET, and the harness's ratio to it.
          Unmeasured rounds first, until two in a row compile for 25 ms or less on each side (at most 10).
          --harness  the harness CLI to start the fake from (default artifacts/bin/Harness.Cli/release/harness.dll)
        """;

    /// <summary>Runs the measurement; the exit code (0 done, 1 a stream failed, 2 bad usage or no fake).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ClientCostOptions options;
        try
        {
            options = ClientCostOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"client-cost: {ex.Message}");
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(Usage);
            return 0;
        }

        if (!File.Exists(options.HarnessPath))
        {
            error.WriteLine($"client-cost: {options.HarnessPath} not found; build it first (dotnet build src/Harness.Cli -c Release)");
            return 2;
        }

        using var fake = StartFake(options.HarnessPath);
        try
        {
            var urls = await ReadUrlsAsync(fake).ConfigureAwait(false);
            PinToCore(Process.GetCurrentProcess(), 0);
            output.WriteLine($"client-cost: {options.Streams} streams x {options.Tokens} tokens at {options.ItlMs} ms ITL, {options.Rounds} rounds, {Environment.ProcessorCount} cores; client on core 0, fake (pid {fake.Id}) on core {Environment.ProcessorCount - 1}");
            output.WriteLine();
            output.WriteLine("| Transport | Streams | Tokens/round | Client µs/token | Runtime's client µs/token | Client ÷ runtime's, per round: median (range) | Fake µs/token | Client B/token | JIT ms client / fake | Wall s/round | Failed |");
            output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            int failedTotal = 0;
            foreach (var transport in options.Transports)
            {
                var endpoint = transport switch
                {
                    Transport.Sse => urls.Http,
                    Transport.SseHttp2 => urls.Http2,
                    _ => urls.WebSocket,
                };
                var (rounds, floors) = await MeasureAsync(transport, endpoint, urls.Http, fake, options, error).ConfigureAwait(false);
                var median = Median(rounds);
                var floor = Median(floors);
                int failed = rounds.Sum(r => r.Failed) + floors.Sum(r => r.Failed);
                failedTotal += failed;

                // A reference whose streams failed has no cost per token to compare with.
                bool floorFailed = floors.Any(f => f.Failed > 0);
                string floorCost = floorFailed ? "failed" : floor.ClientMicrosPerToken.ToString("0.00", CultureInfo.InvariantCulture);
                string ratio = floorFailed ? "failed" : Ratios(rounds, floors);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {transport.ToName()} | {options.Streams} | {median.Tokens} | {median.ClientMicrosPerToken:0.00} | {floorCost} | {ratio} | {median.FakeMicrosPerToken:0.00} | {median.ClientBytesPerToken:0} | {median.ClientJitMs:0} / {median.FakeJitMs:0} | {median.WallSeconds:0.00} | {failed} |"));
            }

            return failedTotal == 0 ? 0 : 1;
        }
        finally
        {
            if (!fake.HasExited)
            {
                fake.Kill();
                await fake.WaitForExitAsync().ConfigureAwait(false);
            }
        }
    }

    // Each round's two measurements ran back to back, so their ratio is free of the drift between
    // rounds (which moved a whole round by up to 2× here); the median of those, and their range.
    private static string Ratios(List<ClientCostRound> rounds, List<ClientCostRound> floors)
    {
        var ratios = rounds.Zip(floors, (r, f) => r.ClientMicrosPerToken / f.ClientMicrosPerToken).Order().ToList();
        return ratios.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{ratios[0]:0.00}×")
            : string.Create(CultureInfo.InvariantCulture, $"{ratios[ratios.Count / 2]:0.00}× ({ratios[0]:0.00}–{ratios[^1]:0.00})");
    }

    private static ClientCostRound Median(List<ClientCostRound> rounds) =>
        rounds.OrderBy(r => r.ClientMicrosPerToken).ElementAt(rounds.Count / 2);

    private static async Task<(List<ClientCostRound> Harness, List<ClientCostRound> Floor)> MeasureAsync(Transport transport, Uri endpoint, Uri fakeHttp, Process fake, ClientCostOptions options, TextWriter error)
    {
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoint, ExpectedTokens = options.Tokens });
        string model = string.Create(CultureInfo.InvariantCulture, $"fake/ttft=0,itl={options.ItlMs},tokens={options.Tokens}");
        var request = ChatRequest.FromPrompt(model, "count the tokens");
        await using var floor = new RuntimeFloorClient(transport, endpoint, request, options.Tokens);
        Func<Task<(int Tokens, int Failed)>> harnessRound = () => RunRoundAsync(client, request, options.Streams);
        Func<Task<(int Tokens, int Failed)>> floorRound = () => floor.RunRoundAsync(options.Streams);

        // Unmeasured rounds until neither side compiles: connections open, and tiered compilation
        // (with dynamic PGO, two recompiles of each hot method) done, which took five to nine rounds here.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var jit = new JitSettling(http, fakeHttp);
        var (_, settled, _, _) = await jit.PrimeAsync(
            async () =>
            {
                await harnessRound().ConfigureAwait(false);
                await floorRound().ConfigureAwait(false);
            },
            JitSettling.SettledMs,
            JitSettling.SettledInARow,
            MaxWarmUpRounds,
            (warm, clientMs, fakeMs, quiet) => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"client-cost: {transport.ToName()} warm-up {warm}: JIT client {clientMs:0} ms, fake {fakeMs:0} ms{(quiet ? ", settled" : "")}")),
            CancellationToken.None).ConfigureAwait(false);
        if (!settled)
        {
            error.WriteLine($"client-cost: {transport.ToName()}: still compiling after {MaxWarmUpRounds} warm-up rounds; the JIT column shows how much of each round it took");
        }

        // Harness and runtime's client alternate, the order flipping each round, so a drift in the
        // machine's speed falls on both alike.
        var rounds = new List<ClientCostRound>();
        var floors = new List<ClientCostRound>();
        for (int i = 0; i < options.Rounds; i++)
        {
            foreach (bool isFloor in i % 2 == 0 ? new[] { false, true } : new[] { true, false })
            {
                var round = await MeasureRoundAsync(isFloor ? floorRound : harnessRound, fake, jit).ConfigureAwait(false);
                (isFloor ? floors : rounds).Add(round);
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"client-cost: {transport.ToName()} round {i + 1}, {(isFloor ? "runtime's client" : "harness")}: {round.Tokens} tokens, client {round.ClientMicrosPerToken:0.00} µs/token, fake {round.FakeMicrosPerToken:0.00} µs/token, JIT client {round.ClientJitMs:0} ms, fake {round.FakeJitMs:0} ms, {round.Failed} failed"));
            }
        }

        return (rounds, floors);
    }

    private static async Task<ClientCostRound> MeasureRoundAsync(Func<Task<(int Tokens, int Failed)>> runRound, Process fake, JitSettling jit)
    {
        var self = Process.GetCurrentProcess();
        int tokens = 0, failed = 0;
        double wall = 0, clientMicros = 0, fakeMicros = 0;
        long bytes = 0;

        // The JIT readings (one of them a request to the fake) stay outside the CPU and allocation window.
        var (clientJit, fakeJit) = await jit.MeasureAsync(
            async () =>
            {
                fake.Refresh();
                var clientCpu = self.TotalProcessorTime;
                var fakeCpu = fake.TotalProcessorTime;
                long allocated = GC.GetTotalAllocatedBytes(precise: false);
                long start = Stopwatch.GetTimestamp();
                (tokens, failed) = await runRound().ConfigureAwait(false);
                wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
                self.Refresh();
                fake.Refresh();
                clientMicros = (self.TotalProcessorTime - clientCpu).TotalMicroseconds;
                fakeMicros = (fake.TotalProcessorTime - fakeCpu).TotalMicroseconds;
                bytes = GC.GetTotalAllocatedBytes(precise: false) - allocated;
            },
            CancellationToken.None).ConfigureAwait(false);
        int perToken = Math.Max(1, tokens);
        return new ClientCostRound(tokens, failed, clientMicros / perToken, fakeMicros / perToken, (double)bytes / perToken, wall, clientJit, fakeJit);
    }

    private static async Task<(int Tokens, int Failed)> RunRoundAsync(IChatStreamClient client, ChatRequest request, int streams)
    {
        var tasks = new Task<RequestTimeline>[streams];
        for (int i = 0; i < streams; i++)
        {
            tasks[i] = client.StreamAsync(request);
        }

        var timelines = await Task.WhenAll(tasks).ConfigureAwait(false);
        var counts = (timelines.Sum(t => t.ContentDeltaCount), timelines.Count(t => t.Outcome != RequestOutcome.Ok));

        // As the load engine does once it has recorded a request: the arrivals go back to the pool.
        foreach (var timeline in timelines)
        {
            timeline.Release();
        }

        return counts;
    }

    private static Process StartFake(string harnessPath)
    {
        // Pinned with taskset where it exists, so the fake's threads stay off the client's core.
        int core = Environment.ProcessorCount - 1;
        bool pin = OperatingSystem.IsLinux() && File.Exists("/usr/bin/taskset") && Environment.ProcessorCount > 1;
        var info = new ProcessStartInfo(pin ? "/usr/bin/taskset" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (pin)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(core.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add("dotnet");
        }

        foreach (var arg in new[] { harnessPath, "fake", "serve", "--port", "0" })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the fake");
    }

    private static async Task<(Uri Http, Uri Http2, Uri WebSocket)> ReadUrlsAsync(Process fake)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line = await fake.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the fake exited before printing its URLs: " + await fake.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return (new Uri(root.GetProperty("http").GetString()!), new Uri(root.GetProperty("http2").GetString()!), new Uri(root.GetProperty("ws").GetString()!));
    }

    private static void PinToCore(Process process, int core)
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) && Environment.ProcessorCount > 1)
        {
            process.ProcessorAffinity = (nint)(1L << core);
        }
    }
}
