using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public sealed class FailedRequestsTests
{
    private static readonly SeriesResult s_series = new() { Transport = "sse", LoadPoint = "c4", Requests = 110, Outcomes = new() { ["ok"] = 80, ["timeout"] = 20, ["stopped"] = 10 }, FailedConnects = 7, FailedTlsHandshakes = 3 };

    [Theory]
    [InlineData(MetricNames.Ttfb, 80, 20)]  // every ended request but those measured: the failed ones
    [InlineData(MetricNames.Ttft, 70, 30)]  // ... and those ok without a first token
    [InlineData(MetricNames.EndToEnd, 80, 20)]
    [InlineData(MetricNames.Tpot, 50, 20)]  // the failed ones only: 30 answers of one token have no TPOT and did not fail
    [InlineData(MetricNames.Itl, 300, 0)]   // gaps: a failed request has none to count
    [InlineData(MetricNames.Connect, 4, 7)] // connections that failed to open
    [InlineData(MetricNames.Tls, 0, 3)]     // ... in their handshake
    public void AboveAnyValue_CountsTheRequestsAMetricHasNoSampleFor(string metric, long samples, long expected)
    {
        Assert.Equal(expected, FailedRequests.AboveAnyValue(s_series, metric, samples));
    }

    [Theory]
    [InlineData(MetricNames.Ttfb, true, true)]
    [InlineData(MetricNames.Ttfc, true, true)]
    [InlineData(MetricNames.Ttft, true, true)]
    [InlineData(MetricNames.EndToEnd, true, true)]
    [InlineData(MetricNames.Tpot, false, true)]
    [InlineData(MetricNames.Itl, false, false)]
    [InlineData(MetricNames.Connect, false, true)]
    [InlineData(MetricNames.Tls, false, true)]
    public void EveryRequestSamples_TheFirstMomentsAndTheEnd_TpotConnectAndTlsAreCountedWithout(string metric, bool everyRequest, bool counted)
    {
        Assert.Equal(everyRequest, FailedRequests.SampleEveryRequest(metric));
        Assert.Equal(counted, FailedRequests.Counted(metric));
    }
}
