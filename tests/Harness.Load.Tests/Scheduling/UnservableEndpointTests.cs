using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Scheduling;

/// <summary>The rule that stops a run whose endpoint evidently cannot serve it, on its own.</summary>
public sealed class UnservableEndpointTests
{
    private static readonly long s_now = Stopwatch.GetTimestamp();

    private static RequestTimeline Refused() =>
        new() { Outcome = RequestOutcome.ConnectError, ErrorMessage = "connection refused (127.0.0.1:9)" };

    private static RequestTimeline Http(int status) =>
        new() { Outcome = RequestOutcome.HttpError, HttpStatus = status, ErrorMessage = $"HTTP {status}: no" };

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public void ClientErrorsThatNoRetryChanges_ArePermanent(int status) =>
        Assert.True(UnservableEndpoint.IsPermanent(Http(status)));

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public void OverloadAndServerErrors_AreNot(int status) =>
        Assert.False(UnservableEndpoint.IsPermanent(Http(status)));

    [Theory]
    [InlineData("connection refused (127.0.0.1:9)", true)]
    [InlineData("host name not found (nowhere.invalid)", true)]
    [InlineData("the server's TLS certificate is not trusted (self-signed, or issued by an authority this machine does not trust)", true)]
    [InlineData("the server at 127.0.0.1:443 did not speak TLS (plain HTTP on that port?)", true)]
    [InlineData("the TLS handshake failed (127.0.0.1:443)", true)]
    [InlineData("connection reset by the server", false)]
    [InlineData("the connection timed out (10.0.0.1:80)", false)]
    [InlineData("the host name could not be resolved now (example.com) (DNS did not answer)", false)]
    public void ConnectErrors_ArePermanentOnlyWhenAskingAgainCannotHelp(string message, bool permanent) =>
        Assert.Equal(permanent, UnservableEndpoint.IsPermanent(new RequestTimeline { Outcome = RequestOutcome.ConnectError, ErrorMessage = message }));

    /// <summary>A WebSocket endpoint refuses a key in the stream, not with a status: 2,354 requests were sent with a bad one before.</summary>
    [Theory]
    [InlineData("invalid_api_key", true)]
    [InlineData("model_not_found", true)]
    [InlineData("server_error", false)]
    [InlineData("rate_limit_exceeded", false)]
    [InlineData(null, false)]
    public void ErrorsInTheStream_ArePermanentOnlyForAKeyOrModel(string? code, bool permanent) =>
        Assert.Equal(permanent, UnservableEndpoint.IsPermanent(new RequestTimeline { Outcome = RequestOutcome.ServerError, ErrorMessage = "refused", ErrorCode = code }));

    [Fact]
    public void TimeoutsAndOk_AreNot()
    {
        Assert.False(UnservableEndpoint.IsPermanent(new RequestTimeline { Outcome = RequestOutcome.Timeout, TimeoutPhase = TimeoutPhase.Connect }));
        Assert.False(UnservableEndpoint.IsPermanent(new RequestTimeline { Outcome = RequestOutcome.Ok }));
    }

    [Fact]
    public void WholeWarmUpRefused_StopsAtItsEnd_NamingCountKindAndCause()
    {
        var rule = new UnservableEndpoint(probeEnd: s_now + Stopwatch.Frequency);
        for (int i = 0; i < 6; i++)
        {
            Assert.Null(rule.Observe(Refused(), warm: true, s_now, rule.Start(s_now)));
        }

        // Nothing ends at the window's end: the models ask as time passes.
        Assert.Null(rule.Judge(s_now + (Stopwatch.Frequency / 2)));
        Assert.Equal("every one of the 6 warm-up requests failed (connect_error 6; first: connection refused (127.0.0.1:9))", rule.Judge(s_now + Stopwatch.Frequency));
    }

    [Fact]
    public void EnoughPermanentFailures_StopBeforeTheWindowEnds()
    {
        var rule = new UnservableEndpoint(probeEnd: s_now + (60 * Stopwatch.Frequency));
        string? verdict = null;
        for (int i = 0; i < UnservableEndpoint.EnoughFailures && verdict is null; i++)
        {
            verdict = rule.Observe(Http(i % 2 == 0 ? 401 : 404), warm: false, s_now, rule.Start(s_now));
        }

        Assert.Equal($"every one of the first {UnservableEndpoint.EnoughFailures} requests failed (http_error(401) 10, http_error(404) 10; first: http_error(401): HTTP 401: no)", verdict);
    }

    [Theory]
    [InlineData(RequestOutcome.Ok, null)]
    [InlineData(RequestOutcome.HttpError, 503)]
    [InlineData(RequestOutcome.HttpError, 429)]
    [InlineData(RequestOutcome.Timeout, null)]
    public void OneSuccessOrTransientFailure_DisarmsItForGood(RequestOutcome outcome, int? status)
    {
        var rule = new UnservableEndpoint(probeEnd: s_now);
        rule.Observe(new RequestTimeline { Outcome = outcome, HttpStatus = status }, warm: true, s_now - 1, rule.Start(s_now - 1));
        for (int i = 0; i < 3 * UnservableEndpoint.EnoughFailures; i++)
        {
            Assert.Null(rule.Observe(Refused(), warm: true, s_now + i, rule.Start(s_now + i)));
        }

        Assert.Null(rule.Judge(s_now + Stopwatch.Frequency));
    }

    [Fact]
    public void FastFailuresEndingBeforeAnEarlierRequest_DoNotSettleIt()
    {
        // Request 0 is still streaming (a success takes seconds) while 1..40 fail at once, as an
        // endpoint rejecting some prompts and serving the rest would: nothing is judged until it ends.
        var rule = new UnservableEndpoint(probeEnd: s_now);
        long streaming = rule.Start(s_now - 2);
        for (int i = 0; i < 2 * UnservableEndpoint.EnoughFailures; i++)
        {
            Assert.Null(rule.Observe(Http(400), warm: true, s_now + i, rule.Start(s_now - 1)));
        }

        Assert.Null(rule.Judge(s_now + Stopwatch.Frequency));
        Assert.Null(rule.Observe(new RequestTimeline { Outcome = RequestOutcome.Ok }, warm: true, s_now + Stopwatch.Frequency, streaming));
        Assert.Null(rule.Judge(s_now + (2 * Stopwatch.Frequency)));
    }

    [Fact]
    public void AfterTheWindow_WaitsForEveryRequestStartedInIt()
    {
        var rule = new UnservableEndpoint(probeEnd: s_now + 10);
        long first = rule.Start(s_now), second = rule.Start(s_now + 1);
        Assert.Null(rule.Observe(Http(404), warm: true, s_now + 20, first));
        Assert.NotNull(rule.Observe(Http(404), warm: true, s_now + 30, second));
    }

    [Fact]
    public void RequestsTheHarnessCutOff_SayNothing()
    {
        var rule = new UnservableEndpoint(probeEnd: s_now);
        Assert.Null(rule.Observe(new RequestTimeline { Outcome = RequestOutcome.Cancelled }, warm: true, s_now, rule.Start(s_now - 1)));
        Assert.Null(rule.Observe(new RequestTimeline { Outcome = RequestOutcome.Stopped }, warm: true, s_now, rule.Start(s_now - 1)));
        Assert.Null(rule.Judge(s_now + Stopwatch.Frequency));
        Assert.Equal("the one warm-up request failed (connect_error 1; first: connection refused (127.0.0.1:9))", rule.Observe(Refused(), warm: true, s_now + 1, rule.Start(s_now)));
    }
}
