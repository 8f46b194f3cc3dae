using System.Diagnostics;
using Harness.Clients.Redaction;

namespace Harness.Clients.Internal;

/// <summary>
/// Runs attempts until one is not a retryable 429/503 or the retries are spent. Each attempt gets a
/// fresh timeline; the returned one is the final attempt's, with <see cref="RequestTimeline.Retries"/>
/// and <see cref="RequestTimeline.RetryWait"/> filled in. Its latency clock restarts at the final
/// attempt: <see cref="RequestTimeline.ActualStart"/> is that attempt's start, and a scheduled
/// <see cref="RequestTimeline.IntendedStart"/> moves forward by the time the earlier attempts and
/// waits took, so neither the retries nor their waits are hidden inside any latency.
/// The total timeout is the one exception: it bounds the whole request, from the first attempt.
/// </summary>
internal static class RetryLoop
{
    /// <summary>An attempt fills the timeline and returns the server's Retry-After, if any.</summary>
    public delegate Task<TimeSpan?> Attempt(RequestTimeline timeline, CancellationToken cancellationToken);

    public static async Task<RequestTimeline> RunAsync(ChatClientOptions options, Transport transport, long intendedStart, Attempt attempt, CancellationToken cancellationToken)
    {
        var retries = 0;
        var waited = TimeSpan.Zero;
        long firstStart = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            firstStart = firstStart != 0 ? firstStart : now;
            var timeline = new RequestTimeline(options.ExpectedTokens)
            {
                Transport = transport,
                ActualStart = now,
                IntendedStart = intendedStart != 0 ? intendedStart : now,
                FirstAttemptStart = firstStart,
                Retries = retries,
                RetryWait = waited,
                Output = options.OutputTokenCounter is null ? null : new OutputText(),
            };
            var retryAfter = await attempt(timeline, cancellationToken).ConfigureAwait(false);
            timeline.ErrorMessage = SecretRedactor.Redact(timeline.ErrorMessage, options.ApiKey);
            // Once per attempt, after its end was stamped: counting costs no latency and nothing per delta.
            if (options.OutputTokenCounter is { } counter)
            {
                timeline.CountOutput(counter);
            }

            if (timeline.Outcome != RequestOutcome.HttpError || !RetryDelay.IsRetryable(timeline.HttpStatus) || retries >= options.Retry.MaxRetries)
            {
                return timeline;
            }

            var delay = retryAfter ?? RetryDelay.Backoff(options.Retry, retries);
            if (delay > options.Retry.MaxDelay)
            {
                timeline.ErrorMessage += $" (Retry-After {delay.TotalSeconds:0.#} s exceeds the {options.Retry.MaxDelay.TotalSeconds:0.#} s limit; not retried)";
                return timeline;
            }

            var waitStart = Stopwatch.GetTimestamp();
            var total = options.Timeouts.Total;
            if (total > TimeSpan.Zero && total != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(firstStart, waitStart) + delay >= total)
            {
                // The total limit covers the whole request, retries and waits included: a wait that
                // would outlast it cannot end in an answer in time.
                timeline.ErrorMessage += $" (not retried: waiting {delay.TotalSeconds:0.#} s more would pass the {total.TotalSeconds:0.#} s total timeout)";
                return timeline;
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timeline.Outcome = RequestOutcome.Cancelled;
                timeline.RetryWait = waited + Stopwatch.GetElapsedTime(waitStart);
                return timeline;
            }

            waited += Stopwatch.GetElapsedTime(waitStart);
            retries++;
            if (intendedStart != 0)
            {
                // The schedule's own delay (intended → actual) stays visible; the failed attempt and the wait do not count.
                intendedStart += Stopwatch.GetTimestamp() - timeline.ActualStart;
            }
        }
    }
}
