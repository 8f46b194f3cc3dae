using System.Diagnostics;
using System.Text;
using Harness.Clients.Internal;

namespace Harness.Clients.Tests;

/// <summary>
/// The steps both clients share: one typed-event switch for the Responses API and WebSocket
/// dialects, and the output text kept for the tokenizer (content and reasoning, nothing per delta).
/// </summary>
public sealed class StreamStepsTests
{
    private sealed class Collect : IStreamObserver
    {
        public StringBuilder Content { get; } = new();

        public StringBuilder Reasoning { get; } = new();

        public void OnContent(ReadOnlySpan<byte> utf8) => Content.Append(Encoding.UTF8.GetString(utf8));

        public void OnReasoning(ReadOnlySpan<byte> utf8) => Reasoning.Append(Encoding.UTF8.GetString(utf8));
    }

    private static (RequestTimeline Timeline, Collect Seen) Apply<TDecoder>(TDecoder decoder, TokenCounter? counter, params string[] events)
        where TDecoder : ITypedEventDecoder
    {
        long start = Stopwatch.GetTimestamp();
        var timeline = new RequestTimeline { ActualStart = start, IntendedStart = start, Output = counter is null ? null : new OutputText() };
        var seen = new Collect();
        using var deadline = new RequestDeadline(new ClientTimeouts(), start, 0, CancellationToken.None);
        foreach (string e in events)
        {
            long at = Stopwatch.GetTimestamp();
            StreamSteps.OnEvent(timeline, deadline, at);
            StreamSteps.OnTypedEvent(decoder, Encoding.UTF8.GetBytes(e), timeline, deadline, at, seen);
        }

        if (counter is not null)
        {
            timeline.CountOutput(counter);
        }

        return (timeline, seen);
    }

    [Fact]
    public void Responses_and_WebSocket_events_leave_the_same_timeline()
    {
        var counter = TokenCounter.Create(TokenCounter.DefaultName)!;
        using var responses = new ResponsesEventDecoder();
        using var ws = new WebSocketMessageDecoder(WebSocketDialect.Default with { ReasoningType = "reasoning.delta" });
        var (r, rSeen) = Apply(
            responses,
            counter,
            """{"type":"response.reasoning_text.delta","delta":"Let me think."}""",
            """{"type":"response.output_text.delta","delta":"Hello"}""",
            """{"type":"response.output_text.delta","delta":""}""",
            """{"type":"response.output_text.delta","delta":", world!"}""",
            """{"type":"response.completed","response":{"usage":{"input_tokens":3,"output_tokens":7}}}""");
        var (w, wSeen) = Apply(
            ws,
            counter,
            """{"type":"reasoning.delta","delta":"Let me think."}""",
            """{"type":"content.delta","delta":"Hello"}""",
            """{"type":"content.delta","delta":""}""",
            """{"type":"content.delta","delta":", world!"}""",
            """{"type":"chat.done","usage":{"prompt_tokens":3,"completion_tokens":7}}""");

        foreach (var (t, seen) in new[] { (r, rSeen), (w, wSeen) })
        {
            Assert.Equal(RequestOutcome.Ok, t.Outcome);
            Assert.True(t.SawDone);
            Assert.Equal(5, t.ChunkCount);
            Assert.Equal(2, t.ContentDeltaCount);
            Assert.NotEqual(0, t.FirstReasoningToken);
            Assert.True(t.FirstReasoningToken <= t.FirstToken);
            Assert.Equal(7, t.Usage!.Value.CompletionTokens);
            Assert.Equal("Hello, world!", seen.Content.ToString());
            Assert.Equal("Let me think.", seen.Reasoning.ToString());
            // Content and reasoning counted apart, both included: what usage's completion tokens cover.
            Assert.Equal(counter.Count("Hello, world!") + counter.Count("Let me think."), t.CountedTokens);
            Assert.Equal(OutputTokenSource.Usage, t.TokenSource);
            Assert.Equal(t.CountedTokens - 7, t.UsageCountDifference);
        }
    }

    [Fact]
    public void Malformed_and_incomplete_events_are_applied_alike()
    {
        using var responses = new ResponsesEventDecoder();
        var (t, _) = Apply(
            responses,
            null,
            "not json",
            """{"type":"response.output_text.delta","delta":"a"}""",
            """{"type":"response.incomplete","response":{"usage":{"output_tokens":1}}}""");
        Assert.Equal(1, t.MalformedCount);
        Assert.Equal(1, t.Usage!.Value.CompletionTokens);
        Assert.False(t.SawDone);
        Assert.Null(t.CountedTokens);
        Assert.Equal(OutputTokenSource.Usage, t.TokenSource);
    }

    [Fact]
    public void Keeping_text_for_the_tokenizer_allocates_nothing_per_delta()
    {
        var delta = " tokens"u8.ToArray();
        long Run()
        {
            var text = new OutputText();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                text.AddContent(delta);
                text.AddReasoning(delta);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            text.Release();
            return allocated;
        }

        // The first request fills the pool with each size the buffers double through; later ones rent
        // them back. The least of three: the shared pool may drop a buffer between two (a GC trims it),
        // and one reallocation is not a per-delta cost (CI saw 4,120 bytes once, 2026-12-02).
        Run();
        long allocated = Math.Min(Run(), Math.Min(Run(), Run()));
        Assert.True(allocated < 4096, $"{allocated} bytes for 20,000 deltas");
    }
}
