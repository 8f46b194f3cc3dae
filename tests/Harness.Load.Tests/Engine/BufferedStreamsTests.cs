using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// A load run judges each successful answer: streamed, or held back and sent at once (a buffering
/// proxy); the series counts both, and a series of mostly buffered answers is named.
/// </summary>
public sealed class BufferedStreamsTests
{
    private static LoadScenario Scenario() => new()
    {
        Profile = new LoadProfile([new KeepConstant(4, TimeSpan.FromSeconds(1))]),
        LoadPoint = "c4",
        WarmUp = TimeSpan.Zero,
    };

    private static SimulatedServer Server(bool bufferAll) => new() { Ttft = TimeSpan.FromMilliseconds(20), Itl = TimeSpan.FromMilliseconds(20), Tokens = 8, BufferAll = bufferAll };

    [Fact]
    public async Task BufferedAnswers_AreCountedAndNamed()
    {
        var run = await LoadEngine.RunAsync(Scenario(), Server(bufferAll: true));

        var s = run.Series;
        Assert.True(s.Succeeded > 0);
        Assert.Equal(s.Succeeded, s.JudgedStreams);
        Assert.Equal(s.JudgedStreams, s.BufferedStreams);
        Assert.StartsWith($"sse c4: {s.BufferedStreams} of {s.JudgedStreams} answers came all at once, not streamed: a server or proxy buffered the answer", BufferedAnswers.Of([s]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedAnswers_AreJudged_NoneBuffered_NothingSaid()
    {
        var run = await LoadEngine.RunAsync(Scenario(), Server(bufferAll: false));

        var s = run.Series;
        Assert.Equal(s.Succeeded, s.JudgedStreams);
        Assert.Equal(0, s.BufferedStreams);
        Assert.Null(BufferedAnswers.Of([s]));
    }

    [Theory]
    [InlineData(60, 31, true)]
    [InlineData(60, 30, false)] // half: a stall before the first token can make the odd answer look buffered
    [InlineData(0, 0, false)] // nothing judged (results from before it was recorded)
    public void OnlyASeriesOfMostlyBufferedAnswers_IsNamed(long judged, long buffered, bool named)
    {
        var series = new SeriesResult { Transport = "ws", LoadPoint = "c10", JudgedStreams = judged, BufferedStreams = buffered };
        var other = new SeriesResult { Transport = "sse", LoadPoint = "c10", JudgedStreams = 60 };

        // One rule, on a series or on counts (an overhead run's side).
        Assert.Equal(named, BufferedAnswers.Mostly(buffered, judged));
        string? text = BufferedAnswers.Of([other, series]);

        Assert.Equal(named, text is not null);
        if (named)
        {
            Assert.StartsWith($"ws c10: {buffered} of {judged} answers came all at once", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rounds_AndAgents_AddTheirCounts()
    {
        var a = new SeriesResult { Transport = "sse", LoadPoint = "c10", JudgedStreams = 40, BufferedStreams = 3 };
        var b = a with { JudgedStreams = 20, BufferedStreams = 20 };

        var sum = SeriesResult.Add([a, b], new HistogramSet());

        Assert.Equal(60, sum.JudgedStreams);
        Assert.Equal(23, sum.BufferedStreams);
    }
}
