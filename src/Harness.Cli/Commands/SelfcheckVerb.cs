using System.CommandLine;
using System.Globalization;
using Harness.Clients.SelfCheck;
using Harness.Core.Schedule;
using Harness.Fakes;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness selfcheck</c>: proves the harness measures the truth, stage by stage. Streams a fixed
/// schedule from the fake over every transport at 1 and 100 streams and splits each token's error
/// into the fake's lateness (due → its write) and delivery (its write → the client observing it,
/// the harness's own error), from the fake's per-token write times. First with the fake in a
/// separate process pinned to its own CPU and the client on another, then with both in this process.
/// </summary>
public sealed class SelfcheckVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 25;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var mode = new Option<string>("--mode") { Description = "Tables to run: both, process (fake in a pinned process of its own) or in-process", DefaultValueFactory = _ => "both" };
        var streams = new Option<int>("--streams") { Description = "Streams (first tokens) measured in each 1-stream row, 10 gaps each; the 100-stream rows measure whole rounds of 100, so this rounded up to a multiple of 100 (100 for any value up to 100)", DefaultValueFactory = _ => 100 };
        var cmd = new Command(
            "selfcheck",
            $"Measure the harness's own error by stage against its fake ({SelfCheckSuite.ScheduleText}) over sse, sse-h2 and ws at 1 and 100 streams. " +
            $"Targets: delivery (fake write -> client) p50 <= {SelfCheckResult.DeliveryP50TargetMs} ms, p99 <= {SelfCheckResult.DeliveryP99TargetMs} ms; TTFT error p50 <= {SelfCheckResult.TtftP50TargetMs} ms, p99 <= {SelfCheckResult.TtftP99TargetMs} ms.");
        cmd.Options.Add(mode);
        cmd.Options.Add(streams);
        cmd.SetAction(async (parsed, ct) =>
        {
            var which = parsed.GetValue(mode)!;
            if (which is not ("both" or "process" or "in-process"))
            {
                throw new UsageException($"--mode must be both, process or in-process, got '{which}'");
            }

            var count = parsed.GetValue(streams);
            if (count is < 1 or > 10_000)
            {
                throw new UsageException($"--streams must be 1..10000, got {count}");
            }

            var table = new SelfCheckTable(console.Out);
            table.Preamble(count);
            var allOk = true;
            if (which is "both" or "process")
            {
                allOk &= await SeparateProcessAsync(table, count, ct);
            }

            if (which is "both" or "in-process")
            {
                await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse(SelfCheckSuite.ScheduleText), WarmUp = true }, ct);
                table.Title("fake in this process, unpinned (fake and client share every CPU)");
                var results = await SelfCheckSuite.RunAsync(new SelfCheckEndpoints(server.HttpBaseUrl, server.Http2BaseUrl, server.WebSocketUrl), count, table.Row, ct, table.Note);
                allOk &= results.All(r => r.OkStreams == r.Streams);
            }

            table.Legend();
            return allOk ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }

    private static async Task<bool> SeparateProcessAsync(SelfCheckTable table, int count, CancellationToken ct)
    {
        var cpus = CpuAffinity.AllowedCpus();
        var pinned = cpus.Length >= 2;
        var why = !CpuAffinity.IsSupported ? "CPU affinity is not available on this OS" : $"only {cpus.Length} CPU(s) allowed";
        // No keep-warm, as the in-process fake: the rows keep it busy, and beats in the pauses
        // between rows would tier up their own code inside the next row (docs/measurement.md).
        await using var fake = await FakeServeProcess.StartAsync(SelfCheckSuite.ScheduleText, pinned ? cpus[1] : null, cpus, keepWarm: false, ct);
        if (pinned && !CpuAffinity.PinProcess(Environment.ProcessId, [cpus[0]]))
        {
            pinned = false;
            why = "sched_setaffinity refused";
        }

        try
        {
            table.Title(pinned
                ? $"fake in its own process (pid {fake.Id}) pinned to CPU {fake.AllowedCpus ?? cpus[1].ToString(CultureInfo.InvariantCulture)}, client pinned to CPU {cpus[0]}"
                : $"fake in its own process (pid {fake.Id}), unpinned: {why}");
            var results = await SelfCheckSuite.RunAsync(fake.Endpoints, count, table.Row, ct, table.Note);
            return results.All(r => r.OkStreams == r.Streams);
        }
        finally
        {
            if (pinned)
            {
                CpuAffinity.PinProcess(Environment.ProcessId, cpus);
            }
        }
    }
}
