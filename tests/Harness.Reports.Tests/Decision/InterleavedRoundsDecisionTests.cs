using System.Diagnostics;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Simulations;
using Harness.Reports.Decision;

namespace Harness.Reports.Tests.Decision;

/// <summary>
/// Two transports that behave the same, on a machine that slows down steadily while the run goes:
/// measured one after another the later one looks slower; measured in interleaved rounds it does not.
/// </summary>
public sealed class InterleavedRoundsDecisionTests
{
    [Fact]
    public async Task OneBlockEach_TheDriftNamesAFasterTransport()
    {
        var decision = await DecisionAsync(rounds: 1);
        var ttft = TtftP50(decision);

        Assert.True(ttft.Decided, ttft.Answer);
        Assert.Equal("sse", ttft.Fastest); // measured first, before the machine slowed
        Assert.Null(ttft.Others.Single().Rounds);
        Assert.EndsWith(TransportDecider.OneRoundCaveat, decision.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterleavedRounds_TheDriftShowsAsRoundsThatDisagree_AndDecidesNothing()
    {
        var decision = await DecisionAsync(rounds: 3);
        var ttft = TtftP50(decision);

        Assert.EndsWith(TransportDecider.RoundsRule, decision.Method, StringComparison.Ordinal);
        Assert.False(ttft.Decided, ttft.Answer);
        var gap = Assert.Single(ttft.Others);
        Assert.False(gap.Detectable);
        Assert.Equal(3, gap.Rounds!.ByRoundMs.Count);
        Assert.Contains(gap.Rounds.ByRoundMs, d => d > 0);
        Assert.Contains(gap.Rounds.ByRoundMs, d => d < 0);
    }

    private static MetricDecision TtftP50(TransportDecision decision) =>
        decision.LoadPoints.Single().Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50);

    private static async Task<TransportDecision> DecisionAsync(int rounds)
    {
        long origin = Stopwatch.GetTimestamp();
        var plan = new ComparisonPlan
        {
            Transports = [Transport.Sse, Transport.WebSocket],
            Concurrencies = [8],
            Duration = TimeSpan.FromMilliseconds(1200),
            WarmUp = TimeSpan.Zero,
            Rounds = rounds,
            Template = new LoadScenario
            {
                SaturationThreshold = TimeSpan.FromSeconds(30),
                Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1))]),
            },
        };
        var runs = await ComparisonRunner.RunAsync(plan, t => new DriftingClient(t, origin), new LoadRunOptions(), CancellationToken.None);
        using var dir = new TempDirectory();
        ResultsFiles.Write(dir.Path, "drift", runs, "simulated", "m", new Dictionary<string, string>(), AgentShare.Whole, partial: false);
        return TransportDecider.Decide(ReportData.Read(dir.Path));
    }

    /// <summary>
    /// One token after 10 ms plus 200 ms per second since <paramref name="origin"/>: one block each puts
    /// about 240 ms between the two, past the scheduling lag a busy test machine adds (the decision
    /// calls nothing inside the run's lag p99: at 50 ms per second, a 133 ms lag p99 from a stall of
    /// the test process swallowed the 60 ms gap once in 9 runs).
    /// </summary>
    private sealed class DriftingClient(Transport transport, long origin) : IChatStreamClient
    {
        public Transport Transport => transport;

        public async Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
        {
            long start = Stopwatch.GetTimestamp();
            var t = new RequestTimeline { Transport = transport, ActualStart = start, IntendedStart = intendedStart, ConnectionReused = true };
            t.RequestWritten = t.ResponseHeaders = start;
            double seconds = Stopwatch.GetElapsedTime(origin, start).TotalSeconds;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 + (200 * seconds)), cancellationToken);
                long now = Stopwatch.GetTimestamp();
                t.FirstChunk = t.FirstByte = now;
                t.ChunkCount++;
                t.RecordContent(now);
                t.SawDone = true;
                t.Outcome = RequestOutcome.Ok;
            }
            catch (OperationCanceledException)
            {
                t.Outcome = RequestOutcome.Cancelled;
            }

            t.End = Stopwatch.GetTimestamp();
            return t;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
