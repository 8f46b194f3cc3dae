using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Scheduling;

/// <summary>A request's moments as pauses are judged against them.</summary>
public sealed class RequestSampleTests
{
    [Fact]
    public void AnEndedRequest_KeepsItsHeadersAndFirstEvent_OneWhoseEndIsNotJudged_DoesNot()
    {
        var t = SyntheticTimeline.Ok(100, 10, 5);
        t.FirstChunk = t.FirstToken - 1_000; // a role chunk before the first content

        var ended = RequestSample.Ended(t, t.End);
        var streaming = RequestSample.Of(t)!.Value;

        Assert.Equal((t.ResponseHeaders, t.FirstChunk, t.FirstToken, t.End), (ended.Headers, ended.FirstChunk, ended.FirstToken, ended.End));
        Assert.Equal((0L, 0L, t.FirstToken, 0L), (streaming.Headers, streaming.FirstChunk, streaming.FirstToken, streaming.End));
        Assert.Equal((t.Tpot!.Value, TimeSpan.Zero), (ended.Tpot, streaming.Tpot));
    }
}
