using System.Runtime.CompilerServices;
using Harness.Core.Sse;

namespace Harness.Core.OpenAI;

/// <summary>
/// Reads an OpenAI chat-completions stream: the SSE events of an <see cref="SseReader"/>, each
/// decoded by a <see cref="ChatChunkDecoder"/>. Malformed payloads follow a
/// <see cref="MalformedChunkPolicy"/> and are always counted, never silently dropped.
/// </summary>
public sealed class ChatStreamReader : IDisposable
{
    private readonly SseReader _sse;
    private readonly ChatChunkDecoder _decoder = new();
    private readonly MalformedChunkPolicy _policy;

    /// <summary>Reads chunks from <paramref name="stream"/>.</summary>
    public ChatStreamReader(Stream stream, MalformedChunkPolicy policy = MalformedChunkPolicy.Report, SseReaderOptions? options = null)
        : this(new SseReader(stream, options), policy)
    {
    }

    /// <summary>Reads chunks from the events of <paramref name="sse"/>, which this reader then owns.</summary>
    public ChatStreamReader(SseReader sse, MalformedChunkPolicy policy = MalformedChunkPolicy.Report)
    {
        ArgumentNullException.ThrowIfNull(sse);
        _sse = sse;
        _policy = policy;
    }

    /// <summary>The current chunk, valid until the next read.</summary>
    public ChatChunkDecoder Current => _decoder;

    /// <summary>The underlying event reader (event type, last event ID, raw data).</summary>
    public SseReader Events => _sse;

    /// <summary>The 0-based index of the current event among all dispatched events.</summary>
    public long EventIndex => _sse.EventCount - 1;

    /// <summary>How many payloads were not valid JSON objects.</summary>
    public int MalformedCount { get; private set; }

    /// <summary>Whether <c>[DONE]</c> has been read.</summary>
    public bool SawDone { get; private set; }

    /// <summary>How many events arrived after <c>[DONE]</c> (a conforming server sends none).</summary>
    public int EventsAfterDone { get; private set; }

    /// <summary>Reads the next chunk; <see langword="false"/> at end of stream.</summary>
    public bool Read()
    {
        while (_sse.Read())
        {
            if (Accept())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the next chunk; <see langword="false"/> at end of stream.</summary>
    /// <remarks>Synchronous while events are buffered; a pooled state machine only while waiting for the stream.</remarks>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var pending = _sse.ReadAsync(cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return AwaitAndReadAsync(pending, cancellationToken);
            }

            if (!pending.Result)
            {
                return new ValueTask<bool>(false);
            }

            if (Accept())
            {
                return new ValueTask<bool>(true);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitAndReadAsync(ValueTask<bool> pending, CancellationToken cancellationToken)
    {
        while (await pending.ConfigureAwait(false))
        {
            if (Accept())
            {
                return true;
            }

            pending = _sse.ReadAsync(cancellationToken);
        }

        return false;
    }

    /// <summary>Disposes the event reader and the decoder.</summary>
    public void Dispose()
    {
        _sse.Dispose();
        _decoder.Dispose();
    }

    /// <summary>Decodes the event just read; false when the policy says to read on.</summary>
    private bool Accept()
    {
        if (SawDone)
        {
            EventsAfterDone++;
        }

        var kind = _decoder.Decode(_sse.Data);
        if (kind == ChatChunkKind.Done)
        {
            SawDone = true;
        }
        else if (kind == ChatChunkKind.Malformed)
        {
            MalformedCount++;
            switch (_policy)
            {
                case MalformedChunkPolicy.Fail:
                    throw new MalformedChunkException(EventIndex, _decoder.MalformedReason ?? "invalid JSON");
                case MalformedChunkPolicy.SkipAndCount:
                    return false;
            }
        }

        return true;
    }
}
