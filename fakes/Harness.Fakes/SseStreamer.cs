using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Harness.Fakes;

/// <summary>Sends one planned SSE stream on the shared scheduler, injecting the plan's faults.</summary>
internal static class SseStreamer
{
    public static async Task StreamAsync(FakeServer server, HttpContext ctx, FakeRequestPlan plan, SseStreamFormat format)
    {
        var faults = plan.Faults;
        var ct = ctx.RequestAborted;
        var isHttp1 = ctx.Request.Protocol.StartsWith("HTTP/1", StringComparison.Ordinal);
        long shift = 0;
        if (faults.SlowHeaders > TimeSpan.Zero)
        {
            shift += plan.Due(faults.SlowHeaders) - plan.StartTimestamp;
            await server.Scheduler.WaitUntilAsync(plan.StartTimestamp + shift);
        }

        var response = ctx.Response;
        response.StatusCode = 200;
        if (faults.Html)
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><p>Sign in to continue.</p></body></html>\n", ct);
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["x-fake-request-index"] = plan.RequestIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (isHttp1 && faults.DropCloseAt is not null)
        {
            response.Headers.Connection = "close";
        }

        if (faults.Gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        await response.StartAsync(ct);
        await response.BodyWriter.FlushAsync(ct); // headers leave now, not with the first event
        // gzip: each flush is a deflate sync flush, so events still leave one by one; completing the
        // writer ends the gzip member.
        var body = faults.Gzip
            ? System.IO.Pipelines.PipeWriter.Create(new System.IO.Compression.GZipStream(response.Body, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            : response.BodyWriter;
        var writer = new SseWriter(body, faults.LineEnding, faults.BufferAll);
        try
        {
            if (faults.Bom)
            {
                writer.Bom();
            }

            format.WriteStart(writer, plan);
            await writer.FlushAsync(ct);
            var chunks = plan.Chunks;
            var n = chunks.Count;
            var pacer = new ChunkPacer(server, plan, shift);
            var record = pacer.Record;
            var sent = faults.Gzip ? null : SendTapOf(ctx); // gzip: body offsets are not wire offsets
            for (var i = 0; i <= n; i++)
            {
                await pacer.WaitForStepAsync(i);

                if (ct.IsCancellationRequested)
                {
                    plan.Books.Counters.ClientDropped();
                    return;
                }

                if (FaultSpec.At(faults.DropRstAt, i, n))
                {
                    await writer.CompleteAsync(ct);
                    await DropWithResetAsync(server, plan.Books.Counters, ctx, isHttp1);
                    return;
                }

                if (FaultSpec.At(faults.DropCloseAt, i, n))
                {
                    await writer.CompleteAsync(ct);
                    plan.Books.Counters.DropInjected();
                    return;
                }

                if (FaultSpec.At(faults.ErrorMidAt, i, n))
                {
                    format.WriteMidStreamError(writer, plan);
                    await writer.CompleteAsync(ct);
                    return;
                }

                if (FaultSpec.At(faults.GarbageLineAt, i, n))
                {
                    writer.Line("this-line-has-no-colon-and-is-not-a-comment");
                }

                if (FaultSpec.At(faults.MalformedAt, i, n))
                {
                    format.WriteMalformed(writer, plan);
                }

                if (FaultSpec.At(faults.OversizedAt, i, n))
                {
                    format.WriteOversized(writer, plan, faults.OversizedBytes);
                }

                if (i == n)
                {
                    break;
                }

                if (faults.PingEvery > 0 && i > 0 && i % faults.PingEvery == 0)
                {
                    writer.Comment("ping");
                }

                format.WriteChunk(writer, plan, chunks[i]);
                if (i < n - 1)
                {
                    Stamp(sent, writer, record, i);
                    await writer.FlushAsync(ct);
                }
            }

            // The last token leaves with the finish and [DONE], in one write.
            format.WriteFinish(writer, plan, faults.NoDone);
            if (n > 0 && record.Due[n - 1] != 0)
            {
                Stamp(sent, writer, record, n - 1);
            }

            await writer.CompleteAsync(ct);
        }
        finally
        {
            if (faults.Gzip)
            {
                try
                {
                    await body.CompleteAsync();
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                    // The client left (or a drop fault ended the response): no trailer to send.
                }
            }
        }
    }

    /// <summary>The HTTP/2 connection's send tap and this response's stream id; null on HTTP/1.1 (a flush there sends inline).</summary>
    private static (Http2SendTap Tap, int Stream)? SendTapOf(HttpContext ctx) =>
        ctx.Features.Get<IHttp2StreamIdFeature>() is { } stream
        && ctx.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Http2SendTap.ItemKey, out var item) == true
        && item is Http2SendTap tap
            ? (tap, stream.StreamId)
            : null;

    /// <summary>Records when token <paramref name="token"/>, the last thing written so far, leaves.</summary>
    private static void Stamp((Http2SendTap Tap, int Stream)? sent, SseWriter writer, FakeWriteRecord record, int token)
    {
        if (sent is { } s)
        {
            s.Tap.StampWhenSent(s.Stream, writer.Position, record, token);
        }
        else
        {
            record.Written[token] = Stopwatch.GetTimestamp();
        }
    }

    private static async Task DropWithResetAsync(FakeServer server, FakeServerCounters counters, HttpContext ctx, bool isHttp1)
    {
        counters.DropInjected();
        // Let what was flushed reach the client's socket before the reset discards the send queue.
        await server.Scheduler.WaitUntilAsync(Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20));
        var socket = isHttp1 ? ctx.Features.Get<IConnectionSocketFeature>()?.Socket : null;
        if (socket is not null)
        {
            try
            {
                // SO_LINGER 0 then close: the kernel sends RST instead of FIN.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        // HTTP/2: RST_STREAM for this stream only.
        ctx.Abort();
    }
}
