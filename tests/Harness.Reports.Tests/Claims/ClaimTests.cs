using Harness.Clients;
using Harness.Load;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

public sealed class ClaimTests
{
    [Theory]
    [InlineData("ttft p95 < 50ms", typeof(LatencyClaim), "ttft p95 < 50 ms")]
    [InlineData("ttft p99.9999 < 5ms", typeof(LatencyClaim), "ttft p99.9999 < 5 ms")] // was shown as p100, which no claim may name
    [InlineData("ttft p0.0001 < 5ms", typeof(LatencyClaim), "ttft p0.0001 < 5 ms")]
    [InlineData("errors < 1%", typeof(ErrorShareClaim), "errors < 1%")]
    [InlineData("http_error(429) < 0.5%", typeof(ErrorShareClaim), "http_error(429) < 0.5%")]
    [InlineData("timeout <= 2 %", typeof(ErrorShareClaim), "timeout <= 2%")]
    [InlineData("goodput >= 95% where ttft < 500ms, e2e < 10s", typeof(GoodputClaim), "goodput >= 95% where ttft < 500 ms, e2e < 10000 ms")]
    [InlineData("tokens/s >= 2000", typeof(ThroughputClaim), "tokens/s >= 2000")]
    [InlineData("requests/s > 10", typeof(ThroughputClaim), "requests/s > 10")]
    public void Parse_OneGrammar_EveryKind(string text, Type kind, string canonical)
    {
        var claim = Claim.Parse(text);
        Assert.IsType(kind, claim);
        Assert.Equal(canonical, claim.Canonical);
    }

    [Theory]
    [InlineData("errors < 150%", "0–100%")]
    [InlineData("errors < 0%", "can never be met: no finite run proves a share of 0%")]
    [InlineData("errors <= 0%", "claim a small bound instead, like \"errors < 1%\", which a run of 381 or more requests with none meets")]
    [InlineData("http_error(429) <= 0 %", "like \"http_error(429) < 1%\"")]
    [InlineData("errors > 5%", "an error share is claimed below a limit")]
    [InlineData("goodput > 100% where ttft < 1s", "can never be met: no share is above 100%; claim a bound below it instead, like \"goodput >= 99% where ttft < 1s\", which a run of 381 or more requests, all good, meets")]
    [InlineData("goodput >= 100% where ttft < 1s", "can never be met: no finite run proves a share of 100%; claim a bound below it instead")]
    [InlineData("goodput >= 95% where latency < 1s", "unknown per-request metric 'latency'")]
    [InlineData("tokens/s <= 5", "expected \"tokens/s >= 2000\"")]
    [InlineData("ok < 1%", "'ok' is not an error")]
    [InlineData("timeouts < 1%", "'timeouts' is not an outcome (truncated, ")]
    [InlineData("wibble", "expected one of")]
    public void Parse_Bad_SaysWhy(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Claim.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Goodput_FailedRequestsAreNeverGood()
    {
        var claim = (GoodputClaim)Claim.Parse("goodput >= 50% where ttft < 500ms, e2e < 10s");
        Assert.True(claim.IsGood(Row(RequestOutcome.Ok, 200, 1, 1, 100, 900, 10).ValueOf));
        Assert.False(claim.IsGood(Row(RequestOutcome.Ok, 200, 1, 1, 600, 900, 10).ValueOf));
        Assert.False(claim.IsGood(Row(RequestOutcome.HttpError, 429, 1, null, null, 5, 0).ValueOf));
    }

    private static RequestRow Row(RequestOutcome outcome, int? status, double? ttfb, double? ttfc, double? ttft, double? e2e, long tokens) => new()
    {
        Transport = "sse",
        LoadPoint = "c1",
        Outcome = outcome,
        HttpStatus = status,
        TtfbMs = ttfb,
        TtfcMs = ttfc,
        TtftMs = ttft,
        E2eMs = e2e,
        Tokens = tokens,
    };
}
