using System.Diagnostics;
using Harness.Clients;
using Harness.Conformance.Checks;

namespace Harness.Conformance;

/// <summary>Runs conformance checks one after another against a target.</summary>
public static class ConformanceRunner
{
    /// <summary>Every check the suite knows: SSE first, then WebSocket.</summary>
    public static IReadOnlyList<ConformanceCheck> AllChecks { get; } = [.. SseChecks.All, .. WebSocketChecks.All];

    /// <summary>Runs <paramref name="checks"/> (default: <see cref="AllChecks"/>); a check that throws fails with the exception as evidence.</summary>
    public static async Task<ConformanceReport> RunAsync(ConformanceTarget target, IEnumerable<ConformanceCheck>? checks = null, IProgress<CheckResult>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var started = DateTimeOffset.UtcNow;
        var results = new List<CheckResult>();
        using var ctx = new ConformanceContext(target);
        foreach (var check in checks ?? AllChecks)
        {
            ct.ThrowIfCancellationRequested();
            var result = await RunOneAsync(ctx, check, ct).ConfigureAwait(false);
            results.Add(result);
            progress?.Report(result);
        }

        return new ConformanceReport(EndpointUrl.ForDisplay(target.ChatCompletionsUrl), target.WebSocketUrl is null ? null : EndpointUrl.ForDisplay(target.WebSocketUrl), target.Model, started, results);
    }

    private static async Task<CheckResult> RunOneAsync(ConformanceContext ctx, ConformanceCheck check, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // Backstop only: checks bound their own waits with Target.Timeout; client-drop waits on up to three streams.
        cts.CancelAfter(ctx.Target.Timeout * 3);
        CheckVerdict verdict;
        try
        {
            verdict = await check.Run(ctx, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            verdict = CheckVerdict.Fail($"timed out after {(ctx.Target.Timeout * 3).TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            verdict = CheckVerdict.Fail(SseCapture.OneLine(TransportErrorText.Describe(ex)));
        }

        // Evidence quotes the server (its first bytes, an error body, a close reason): one line, control characters escaped.
        return new CheckResult(check.Id, check.Transport, check.Description, verdict.Status, PrintableText.OneLine(verdict.Evidence), Stopwatch.GetElapsedTime(start));
    }
}
