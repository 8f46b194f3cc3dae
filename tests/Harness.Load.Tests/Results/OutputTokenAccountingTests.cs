using System.Text.Json;
using Harness.Clients;
using Harness.Core.OpenAI;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public sealed class OutputTokenAccountingTests
{
    private static RequestTimeline Request(long? usage, long? counted, int deltas = 3, RequestOutcome outcome = RequestOutcome.Ok)
    {
        var t = new RequestTimeline
        {
            Outcome = outcome,
            Usage = usage is long u ? new ChatUsage(5, u, 5 + u) : null,
            CountedTokens = counted,
            Tokenizer = counted is null ? null : TokenCounter.DefaultName,
        };
        for (int i = 0; i < deltas; i++)
        {
            t.RecordContent(i + 1);
        }

        return t;
    }

    [Fact]
    public void Add_CountsEachRequestsSource_AndTheMismatchesWhereBothExist()
    {
        var a = new OutputTokenAccounting()
            .Add(Request(usage: 10, counted: 10))
            .Add(Request(usage: 10, counted: 12))
            .Add(Request(usage: 20, counted: 15))
            .Add(Request(usage: null, counted: 8))
            .Add(Request(usage: null, counted: null, deltas: 4))
            .Add(Request(usage: null, counted: null, deltas: 0, outcome: RequestOutcome.HttpError));

        Assert.Equal(TokenCounter.DefaultName, a.Tokenizer);
        Assert.Equal((3, 1, 1), (a.FromUsage, a.Counted, a.FromDeltas));
        Assert.Equal(3, a.Compared);
        Assert.Equal(2, a.Mismatched);
        Assert.Equal((40, 37), (a.UsageTokens, a.CountedTokens));
        Assert.Equal((0 + 0.2 + 0.25) / 3, a.MeanRelativeDifference, 12);
        Assert.Equal(0.25, a.MaxRelativeDifference, 12);
    }

    [Fact]
    public void Add_HonestUsage_IsNoMismatch_AndWithoutATokenizerNothingIsCompared()
    {
        var honest = new OutputTokenAccounting().Add(Request(usage: 10, counted: 10)).Add(Request(usage: 7, counted: 7));
        Assert.Equal((2, 0), (honest.Compared, honest.Mismatched));
        Assert.Equal(0, honest.MaxRelativeDifference);

        var none = new OutputTokenAccounting().Add(Request(usage: 10, counted: null)).Add(Request(usage: null, counted: null));
        Assert.Null(none.Tokenizer);
        Assert.Equal((1, 0, 1), (none.FromUsage, none.Counted, none.FromDeltas));
        Assert.Equal(0, none.Compared);
    }

    [Fact]
    public void Merge_AddsCounts_WeighsTheMeanByComparedRequests_AndKeepsTheLargest()
    {
        var a = new OutputTokenAccounting().Add(Request(10, 11));
        var b = new OutputTokenAccounting().Add(Request(10, 10)).Add(Request(10, 10)).Add(Request(null, 4));
        var merged = OutputTokenAccounting.Merge([a, b, null])!;
        Assert.Equal(4, merged.Compared + merged.Counted);
        Assert.Equal(1, merged.Mismatched);
        Assert.Equal(0.1 / 3, merged.MeanRelativeDifference, 12);
        Assert.Equal(0.1, merged.MaxRelativeDifference, 12);
        Assert.Null(OutputTokenAccounting.Merge([null, null]));
    }

    [Fact]
    public void ResultsJson_RoundTripsTheAccounting_AndOlderResultsHaveNone()
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c1", TokenAccounting = new OutputTokenAccounting().Add(Request(10, 12)) };
        string json = JsonSerializer.Serialize(series, ResultsDirectory.JsonOptions);
        Assert.Contains("\"tokenAccounting\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mismatched\": 1", json, StringComparison.Ordinal);
        Assert.Equal(series.TokenAccounting, JsonSerializer.Deserialize<SeriesResult>(json, ResultsDirectory.JsonOptions)!.TokenAccounting);

        var old = JsonSerializer.Deserialize<SeriesResult>("""{"transport":"sse","loadPoint":"c1"}""", ResultsDirectory.JsonOptions)!;
        Assert.Null(old.TokenAccounting);
    }
}
