using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;

namespace Harness.Fakes;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/responses</c>: checks the key and the body,
/// resolves the request's plan (schedule, faults, request index) and serves it as an error, one JSON
/// answer or an SSE stream (<see cref="SseStreamer"/>); with a replay recording, replays it instead.
/// </summary>
internal static class CompletionsEndpoint
{
    public static async Task HandleAsync(FakeServer server, HttpContext ctx, bool responsesApi)
    {
        var start = Stopwatch.GetTimestamp();
        var warmUp = server.IsWarmUp(ctx);
        var counters = server.BooksFor(warmUp).Counters;
        counters.RequestStarted();
        try
        {
            if (!server.KeyAccepted(FakeServer.BearerKey(ctx)) && !warmUp)
            {
                await OpenAiErrors.WriteAsync(ctx.Response, 401, OpenAiErrors.ForStatus(401));
                return;
            }

            if (server.Options.Replay is not null && !warmUp)
            {
                await ReplayAsync(server, ctx, server.Options.Replay, start);
                return;
            }

            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            }
            catch (JsonException ex)
            {
                await OpenAiErrors.WriteAsync(ctx.Response, 400, OpenAiErrors.Body($"We could not parse the JSON body of your request. ({ex.Message})", "invalid_request_error", null));
                return;
            }

            using (body)
            {
                var root = body.RootElement;
                if (RequestBodyCheck.Problem(root, responsesApi) is { } problem)
                {
                    await OpenAiErrors.WriteAsync(ctx.Response, 400, problem);
                    return;
                }

                var model = FakeServer.Str(root, "model");
                var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
                var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                    && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
                var promptChars = FakeServer.CountChars(root.TryGetProperty(responsesApi ? "input" : "messages", out var input) ? input : default);
                FakeRequestPlan plan;
                try
                {
                    plan = FakeRequestPlan.Resolve(
                        server, start, model, ctx.Request.Headers["x-fake-profile"], ctx.Request.Headers["x-fake-fault"], FakeServer.Str(root, "fault"),
                        ctx.Request.Headers["x-fake-request-index"], FakeRequestPlan.EstimatePromptTokens(promptChars), warmUp);
                }
                catch (FormatException ex)
                {
                    await OpenAiErrors.WriteAsync(ctx.Response, 400, OpenAiErrors.Body(ex.Message, "invalid_request_error", "invalid_fake_profile"));
                    return;
                }

                await ServePlanAsync(server, ctx, plan, responsesApi, stream, includeUsage);
            }
        }
        finally
        {
            counters.RequestServed();
        }
    }

    private static async Task ServePlanAsync(FakeServer server, HttpContext ctx, FakeRequestPlan plan, bool responsesApi, bool stream, bool includeUsage)
    {
        var faults = plan.Faults;
        if (faults.Status is int status)
        {
            await server.Scheduler.WaitUntilAsync(plan.Due(faults.SlowHeaders));
            await OpenAiErrors.WriteAsync(ctx.Response, status, OpenAiErrors.ForStatus(status), faults.NoRetryAfter ? null : faults.RetryAfterSeconds ?? (status == 429 ? 1 : null));
            return;
        }

        if (!stream)
        {
            await server.Scheduler.WaitUntilAsync(plan.Due(plan.Chunks[^1].Offset + faults.SlowHeaders + (faults.StallAt is null ? TimeSpan.Zero : faults.Stall)));
            ctx.Response.Headers["x-fake-request-index"] = plan.RequestIndex.ToString(CultureInfo.InvariantCulture);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(responsesApi ? new ResponsesFormat().Completed(plan) : new ChatCompletionsFormat(false).Completion(plan));
            return;
        }

        var counters = plan.Books.Counters;
        counters.StreamStarted();
        try
        {
            await SseStreamer.StreamAsync(server, ctx, plan, responsesApi ? new ResponsesFormat() : new ChatCompletionsFormat(includeUsage));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException or ObjectDisposedException)
        {
            counters.ClientDropped();
        }
        finally
        {
            counters.StreamEnded();
        }
    }

    private static async Task ReplayAsync(FakeServer server, HttpContext ctx, StreamRecording recording, long start)
    {
        server.Counters.StreamStarted();
        try
        {
            ctx.Response.StatusCode = recording.Status;
            ctx.Response.ContentType = recording.ContentType;
            ctx.Response.Headers.CacheControl = "no-cache";
            await ctx.Response.StartAsync(ctx.RequestAborted);
            await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
            var waiter = server.Scheduler.CreateWaiter();
            foreach (var chunk in recording.Chunks)
            {
                var due = start + (long)(chunk.Offset.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
                await waiter.WaitUntilAsync(due);
                server.Lateness.RecordSince(due);
                await ctx.Response.Body.WriteAsync(chunk.Bytes, ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            server.Counters.ClientDropped();
        }
        finally
        {
            server.Counters.StreamEnded();
        }
    }
}
