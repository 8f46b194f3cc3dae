using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Clients;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// A simulated chat endpoint behind <see cref="IChatStreamClient"/>: first token after
/// <see cref="Ttft"/>, then <see cref="Tokens"/> − 1 more every <see cref="Itl"/>. A global stall
/// window holds every stream that is in it (like a server pausing), and an optional capacity limit
/// queues requests inside the "server".
/// </summary>
internal sealed class SimulatedServer : IChatStreamClient
{
    private readonly SemaphoreSlim? _capacity;
    private long _calls;

    public SimulatedServer(int capacity = 0)
    {
        _capacity = capacity > 0 ? new SemaphoreSlim(capacity, capacity) : null;
    }

    public TimeSpan Ttft { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan Itl { get; init; } = TimeSpan.FromMilliseconds(5);

    public int Tokens { get; init; } = 3;

    /// <summary>Usage's completion tokens sent with every answer (null: no usage).</summary>
    public long? UsageTokens { get; init; }

    /// <summary>What a tokenizer counted of every answer (null: no tokenizer on).</summary>
    public long? CountedTokens { get; init; }

    /// <summary>Stopwatch timestamps of a stall window [start, end): nothing is emitted inside it.</summary>
    public (long Start, long End)? Stall { get; set; }

    /// <summary>The answer is held back and its tokens all arrive together at the end, as through a buffering proxy.</summary>
    public bool BufferAll { get; init; }

    /// <summary>Every request ends at once as a connect error, as against a server that is not there.</summary>
    public bool Refuse { get; init; }

    /// <summary>How a request ends when cancelled: as a client's <c>cancelled</c>, or as what a server closing first leaves (<c>ws_closed</c>).</summary>
    public RequestOutcome OutcomeWhenCancelled { get; init; } = RequestOutcome.Cancelled;

    /// <summary>Synchronous work done on the calling thread before the first await (to starve the pool).</summary>
    public TimeSpan BlockCaller { get; init; }

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Every timeline it returned, kept when <see cref="KeepTimelines"/> is set.</summary>
    public ConcurrentQueue<RequestTimeline> Returned { get; } = new();

    /// <summary>Keep each returned timeline in <see cref="Returned"/>.</summary>
    public bool KeepTimelines { get; init; }

    /// <summary>The headers of the last request it was sent (null: none).</summary>
    public IReadOnlyDictionary<string, string>? LastHeaders { get; private set; }

    public Transport Transport => Transport.Sse;

    public async Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        LastHeaders = request.Headers;
        var t = new RequestTimeline { Transport = Transport, ActualStart = Stopwatch.GetTimestamp(), ConnectionReused = true };
        t.IntendedStart = intendedStart;
        if (Refuse)
        {
            t.Outcome = RequestOutcome.ConnectError;
            t.End = Stopwatch.GetTimestamp();
            await Task.Yield();
            return t;
        }

        if (BlockCaller > TimeSpan.Zero)
        {
            Thread.Sleep(BlockCaller);
        }

        bool held = false;
        try
        {
            if (_capacity is not null)
            {
                await _capacity.WaitAsync(cancellationToken);
                held = true;
            }

            t.RequestWritten = t.ResponseHeaders = Stopwatch.GetTimestamp();
            await DelayAsync(BufferAll ? Ttft + (Itl * (Tokens - 1)) : Ttft, cancellationToken);
            for (int i = 0; i < Tokens; i++)
            {
                if (i > 0 && !BufferAll)
                {
                    await DelayAsync(Itl, cancellationToken);
                }

                long now = Stopwatch.GetTimestamp();
                if (t.FirstChunk == 0)
                {
                    t.FirstChunk = t.FirstByte = now;
                }

                t.ChunkCount++;
                t.RecordContent(now);
            }

            t.SawDone = true;
            t.Outcome = RequestOutcome.Ok;
            t.Usage = UsageTokens is long usage ? new Harness.Core.OpenAI.ChatUsage(1, usage, 1 + usage) : null;
            t.CountedTokens = CountedTokens;
            t.Tokenizer = CountedTokens is null ? null : TokenCounter.DefaultName;
        }
        catch (OperationCanceledException)
        {
            t.Outcome = OutcomeWhenCancelled;
        }
        finally
        {
            if (held)
            {
                _capacity!.Release();
            }
        }

        t.End = Stopwatch.GetTimestamp();
        if (KeepTimelines)
        {
            Returned.Enqueue(t);
        }

        return t;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        await Task.Delay(delay, ct);
        if (Stall is { } stall)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= stall.Start && now < stall.End)
            {
                await Task.Delay(Stopwatch.GetElapsedTime(now, stall.End), ct);
            }
        }
    }
}
