using System.CommandLine;
using System.Globalization;
using Harness.Clients;
using Harness.Clients.SelfCheck;
using Harness.Core.Schedule;
using Harness.Fakes;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness selfcheck</c>: proves the harness measures the truth. Runs the embedded fake with a
/// fixed schedule over every transport at 1 and 100 streams, and prints measured minus scheduled
/// TTFT and inter-token gap, next to the fake's own lateness against that schedule.
/// </summary>
public sealed class SelfcheckVerb : ICliVerb
{
    /// <summary>The schedule measured: TTFT 100 ms, 20 ms between tokens, 100 tokens.</summary>
    public const string ScheduleText = "ttft=100,itl=20,tokens=100";

    /// <inheritdoc />
    public int Order => 25;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var cmd = new Command("selfcheck", $"Measure the harness's own error against the embedded fake ({ScheduleText}) over sse, sse-h2 and ws at 1 and 100 streams. Target: |error| <= 1 ms at p50, <= 3 ms at p99.");
        cmd.SetAction(async (_, ct) =>
        {
            var schedule = TokenSchedule.Parse(ScheduleText);
            var offsets = schedule.Chunks(0).Select(c => c.Offset).ToArray();
            await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule }, ct);
            var inv = CultureInfo.InvariantCulture;
            console.Out.WriteLine($"selfcheck: embedded fake, schedule {ScheduleText}; error = measured - scheduled, ms (client and fake share this machine)");
            console.Out.WriteLine($"{"transport",-9} {"conc",4} {"streams",7} {"ok",4} | {"ttft p50",9} {"ttft p99",9} | {"gap p50",8} {"gap p1",8} {"gap p99",8} | {"fake late p50",13} {"p99",7} | target");
            var allOk = true;
            foreach (var transport in TransportNames.All)
            {
                foreach (var (concurrency, rounds) in new[] { (1, 2), (100, 1) })
                {
                    var endpoint = transport switch
                    {
                        Transport.Sse => server.HttpBaseUrl,
                        Transport.SseHttp2 => server.Http2BaseUrl,
                        _ => server.WebSocketUrl,
                    };
                    await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoint, Retry = RetryOptions.None });
                    server.Lateness.Reset();
                    var result = await SelfCheckRunner.RunAsync(client, "fake/" + ScheduleText, offsets, concurrency, rounds, "fake/ttft=1,itl=1,tokens=2", ct);
                    var late = server.Lateness.Snapshot();
                    allOk &= result.OkStreams == result.Streams;
                    var met = Math.Abs(result.TtftErrorP50) <= 1 && Math.Abs(result.GapErrorP50) <= 1 && Math.Abs(result.TtftErrorP99) <= 3 && Math.Abs(result.GapErrorP99) <= 3 && Math.Abs(result.GapErrorP01) <= 3;
                    console.Out.WriteLine(string.Create(inv,
                        $"{transport.ToName(),-9} {concurrency,4} {result.Streams,7} {result.OkStreams,4} | {result.TtftErrorP50,9:+0.000;-0.000} {result.TtftErrorP99,9:+0.000;-0.000} | {result.GapErrorP50,8:+0.000;-0.000} {result.GapErrorP01,8:+0.000;-0.000} {result.GapErrorP99,8:+0.000;-0.000} | {late.P50.TotalMilliseconds,13:0.000} {late.P99.TotalMilliseconds,7:0.000} | {(met ? "met" : "missed")}"));
                }
            }

            console.Out.WriteLine("fake late = how late the fake released each token against its schedule (its share of the error); gap p1 shows gaps measured too short.");
            return allOk ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }
}
