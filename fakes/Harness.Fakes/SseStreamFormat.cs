using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>What the events of one SSE API look like (chat completions or responses).</summary>
internal abstract class SseStreamFormat
{
    public abstract void WriteStart(SseWriter w, FakeRequestPlan plan);

    public abstract void WriteChunk(SseWriter w, FakeRequestPlan plan, ScheduledChunk chunk);

    public abstract void WriteFinish(SseWriter w, FakeRequestPlan plan, bool noDone);

    public abstract void WriteMalformed(SseWriter w, FakeRequestPlan plan);

    public abstract void WriteOversized(SseWriter w, FakeRequestPlan plan, int bytes);

    public abstract void WriteMidStreamError(SseWriter w, FakeRequestPlan plan);

    protected static long CreatedUnixSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
