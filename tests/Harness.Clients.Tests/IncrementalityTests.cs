using System.Diagnostics;

namespace Harness.Clients.Tests;

public sealed class IncrementalityTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Theory]
    [InlineData(50, 103, 1082, true)] // tokens spread over the stream
    [InlineData(50, 1083, 1083, false)] // everything at once, at the end
    [InlineData(10, 500, 1000, true)] // spread exactly half: incremental
    [InlineData(10, 501, 1000, true)] // a short answer after a long first token: 55 ms apart, as generated
    [InlineData(10, 900, 1000, true)] // 11 ms apart
    [InlineData(10, 991, 1000, true)] // 1 ms apart: as fast as generation is taken to go
    [InlineData(10, 992, 1000, false)] // under 1 ms apart: at once
    [InlineData(500, 700, 900, false)] // 500 events 0.4 ms apart: a whole answer over a WAN's slow start
    [InlineData(4, 0, 1000, null)] // too few events to judge
    [InlineData(50, 10, 99, null)] // too short to judge
    [InlineData(0, 0, 0, null)]
    public void Verdict_follows_the_half_duration_rule(int events, double first, double last, bool? expected)
    {
        Assert.Equal(expected, Incrementality.Of(events, Ms(first), Ms(last)).Incremental);
    }

    [Fact]
    public void Evidence_states_the_figures()
    {
        Assert.Equal("50 content events; first at 1083 ms, last at 1083 ms (headers 3 ms): spread 0 ms < half of 1083 ms, 0.00 ms apart on average < 1 ms", Incrementality.Of(50, Ms(1083), Ms(1083)).Evidence(Ms(3)));
        Assert.Equal("50 content events; first at 103 ms, last at 1082 ms: spread 979 ms >= half of 1082 ms", Incrementality.Of(50, Ms(103), Ms(1082)).Evidence());
        Assert.Equal("10 content events; first at 500 ms, last at 600 ms: spread 100 ms < half of 600 ms, but 11.1 ms apart on average >= 1 ms, as generated", Incrementality.Of(10, Ms(500), Ms(600)).Evidence());
        Assert.Equal("too short to judge: 3 content events, last at 40 ms (needs >= 5 and >= 100 ms)", Incrementality.Of(3, Ms(10), Ms(40)).Evidence());
    }

    [Fact]
    public void A_timeline_is_judged_from_its_latency_origin()
    {
        long f = Stopwatch.Frequency;
        long start = 1000 * f;
        var buffered = new RequestTimeline { ActualStart = start };
        var streamed = new RequestTimeline { ActualStart = start };
        for (int i = 0; i < 20; i++)
        {
            buffered.RecordContent(start + f + i); // a second, then all within ticks
            streamed.RecordContent(start + ((i + 1) * f / 20)); // 50 ms apart
        }

        Assert.False(Incrementality.Of(buffered).Incremental);
        Assert.True(Incrementality.Of(streamed).Incremental);
        Assert.Null(Incrementality.Of(new RequestTimeline { ActualStart = start }).Incremental);

        // The load engine's judgement of every request, without keeping the figures, is the same.
        Assert.False(Incrementality.IsIncremental(buffered));
        Assert.True(Incrementality.IsIncremental(streamed));
        Assert.Null(Incrementality.IsIncremental(new RequestTimeline { ActualStart = start }));
    }

    [Fact]
    public void Streamed_reasoning_starts_the_spread_but_a_buffered_answer_with_reasoning_is_still_caught()
    {
        long f = Stopwatch.Frequency;
        long start = 1000 * f;
        // A second of reasoning streamed from 50 ms, then 20 answer tokens within 100 ms.
        var thinking = new RequestTimeline { ActualStart = start, FirstReasoningToken = start + (f / 20) };
        // Reasoning and answer held back and released together after a second.
        var buffered = new RequestTimeline { ActualStart = start, FirstReasoningToken = start + f };
        for (int i = 0; i < 20; i++)
        {
            thinking.RecordContent(start + f + (i * f / 200));
            buffered.RecordContent(start + f + i);
        }

        Assert.True(Incrementality.Of(thinking).Incremental);
        Assert.False(Incrementality.Of(buffered).Incremental);
    }
}
