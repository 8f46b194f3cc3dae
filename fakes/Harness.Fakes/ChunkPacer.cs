namespace Harness.Fakes;

/// <summary>
/// One stream's walk through its schedule, shared by the SSE and WebSocket streamers: step
/// <c>i</c> is chunk <c>i</c> (step <c>n</c>, the finish, is due with the last chunk); a stall
/// fault at a step shifts it and every later one. Each wait's lateness and due time go to the
/// plan's books (<see cref="FakeBooks"/>), so the two transports keep the same books.
/// </summary>
internal sealed class ChunkPacer
{
    private readonly FakeRequestPlan _plan;
    private readonly SchedulerWaiter _waiter;
    private long _shift;

    /// <param name="server">The fake.</param>
    /// <param name="plan">The request's plan.</param>
    /// <param name="shift">Ticks every step is already late by design (a slow-headers fault).</param>
    public ChunkPacer(FakeServer server, FakeRequestPlan plan, long shift = 0)
    {
        _plan = plan;
        _shift = shift;
        _waiter = server.Scheduler.CreateWaiter();
        Record = plan.Books.WriteLog.Begin(plan.RequestIndex, plan.StartTimestamp, plan.Chunks.Count);
    }

    /// <summary>The request's due and write times, for <c>GET /v1/fake/write-times</c>.</summary>
    public FakeWriteRecord Record { get; }

    /// <summary>Waits until step <paramref name="i"/> (0 to the chunk count) is due.</summary>
    public async ValueTask WaitForStepAsync(int i)
    {
        var chunks = _plan.Chunks;
        var n = chunks.Count;
        if (FaultSpec.At(_plan.Faults.StallAt, i, n))
        {
            _shift += _plan.Due(_plan.Faults.Stall) - _plan.StartTimestamp;
        }

        var due = _plan.Due(chunks[Math.Min(i, n - 1)].Offset) + _shift;
        await _waiter.WaitUntilAsync(due);
        if (i < n)
        {
            _plan.Books.Lateness.RecordSince(due);
            Record.Due[i] = due;
        }
    }
}
