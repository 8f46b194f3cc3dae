using Harness.Conformance;

namespace Harness.Conformance.Tests;

/// <summary>
/// Every endpoint check passes against the well-behaved fake and fails against the fake configured
/// to break exactly that rule (server-default faults, as <c>fake serve --fault</c> sets them).
/// </summary>
public sealed class EndpointCheckProofTests
{
    /// <summary>Check id → the fault that breaks its rule.</summary>
    public static TheoryData<string, string> BreakingFaults => new()
    {
        { "sse.status", "status=500" },
        { "sse.incremental", "buffer-all" },
        { "sse.chunks-valid", "malformed@3" },
        { "sse.done", "no-done" },
        { "sse.finish-reason", "no-finish-reason" },
        { "sse.usage", "no-usage" },
        { "sse.lines", "garbage-line@3" },
        { "sse.retry-after", "no-retry-after" },
        { "ws.upgrade", "status=500" },
        { "ws.chat-stream", "ws-no-done" },
        { "ws.error", "ws-no-error" },
        { "ws.two-turns", "ws-one-turn" },
        { "ws.ping", "ws-no-pong" },
        { "ws.close", "ws-close-1011@3" },
    };

    [Theory]
    [MemberData(nameof(BreakingFaults))]
    public async Task Check_PassesOnWellBehavedFake_FailsWhenItsRuleIsBroken(string checkId, string fault)
    {
        await using (var good = await Targets.StartFakeAsync())
        {
            var pass = await Targets.RunOneAsync(Targets.For(good), checkId);
            Assert.True(pass.Status == CheckStatus.Pass, $"{checkId} on the good fake: {pass.Status}: {pass.Evidence}");
        }

        await using var broken = await Targets.StartFakeAsync(fault);
        // A short timeout on the broken side: some breaks are silence (no pong, no error), and a
        // timeout can only turn a result into a failure, never into a pass.
        var fail = await Targets.RunOneAsync(Targets.For(broken) with { Timeout = TimeSpan.FromSeconds(2) }, checkId);
        Assert.True(fail.Status == CheckStatus.Fail, $"{checkId} with --fault {fault}: {fail.Status}: {fail.Evidence}");
    }

    [Fact]
    public async Task BadKey_PassesWhenTheKeyIsEnforced_FailsWhenAnyKeyIsAccepted_SkipsWithoutAKey()
    {
        await using (var enforcing = await Targets.StartFakeAsync(apiKey: Targets.ApiKey))
        {
            var pass = await Targets.RunOneAsync(Targets.For(enforcing), "sse.bad-key");
            Assert.True(pass.Status == CheckStatus.Pass, pass.Evidence);
            Assert.Contains("401", pass.Evidence, StringComparison.Ordinal);
        }

        await using var open = await Targets.StartFakeAsync(apiKey: null);
        var fail = await Targets.RunOneAsync(Targets.For(open), "sse.bad-key");
        Assert.True(fail.Status == CheckStatus.Fail, fail.Evidence);
        Assert.Contains("200", fail.Evidence, StringComparison.Ordinal);

        var skip = await Targets.RunOneAsync(Targets.For(open, apiKey: null), "sse.bad-key");
        Assert.Equal(CheckStatus.Skip, skip.Status);
    }

    [Fact]
    public async Task RetryAfter_SkipsWithEvidence_WhenNoWayToProvokeA429IsGiven()
    {
        await using var fake = await Targets.StartFakeAsync();
        var result = await Targets.RunOneAsync(Targets.For(fake) with { RateLimitHeader = null }, "sse.retry-after");
        Assert.Equal(CheckStatus.Skip, result.Status);
        Assert.Contains("opt-in", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientDrop_PassesOnTolerantServer_FailsOnServerThatDiesWhenAClientVanishes()
    {
        await using (var tolerant = DropSensitiveEndpoint.Start(dieOnClientDrop: false))
        {
            var pass = await Targets.RunOneAsync(tolerant.Target, "sse.client-drop");
            Assert.True(pass.Status == CheckStatus.Pass, pass.Evidence);
        }

        await using var fragile = DropSensitiveEndpoint.Start(dieOnClientDrop: true);
        var fail = await Targets.RunOneAsync(fragile.Target, "sse.client-drop");
        Assert.True(fail.Status == CheckStatus.Fail, fail.Evidence);
        Assert.True(fragile.Died, "the fragile endpoint should have seen the drop");
    }

    /// <summary>
    /// The streams alongside and after a drop finish when they reach [DONE] or a finish_reason: a
    /// missing one alone is sse.done's or sse.finish-reason's failure (it failed here too, with
    /// evidence that read "6 events" as if it passed); with neither, a stream was cut short.
    /// </summary>
    [Theory]
    [InlineData("no-finish-reason", CheckStatus.Pass)]
    [InlineData("no-done", CheckStatus.Pass)]
    [InlineData("no-done,no-finish-reason", CheckStatus.Fail)]
    public async Task ClientDrop_JudgesTheStreamsEnd_NotWhichMarkerEndedIt(string fault, CheckStatus expected)
    {
        await using var fake = await Targets.StartFakeAsync(fault);
        var result = await Targets.RunOneAsync(Targets.For(fake), "sse.client-drop");
        Assert.True(result.Status == expected, $"{fault}: {result.Status}: {result.Evidence}");
        Assert.Equal(expected == CheckStatus.Fail, result.Evidence.Contains("with neither [DONE] nor a finish_reason", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientDrop_PassesOnTheFake()
    {
        await using var fake = await Targets.StartFakeAsync();
        var result = await Targets.RunOneAsync(Targets.For(fake), "sse.client-drop");
        Assert.True(result.Status == CheckStatus.Pass, result.Evidence);
        // The fake notices the vanished client at its next write; give it a moment.
        for (var i = 0; i < 40 && fake.Counters.DroppedClients == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(fake.Counters.DroppedClients >= 1, "the fake should have counted the dropped client");
    }

    [Fact]
    public void EveryCheck_HasAProof()
    {
        var proven = BreakingFaults.Select(row => (string)row[0]).Concat(["sse.bad-key", "sse.client-drop"]).ToHashSet();
        var unproven = ConformanceRunner.AllChecks.Select(c => c.Id).Except(proven).ToList();
        Assert.True(unproven.Count == 0, "checks without a pass/fail proof: " + string.Join(", ", unproven));
    }
}
