namespace Harness.Core.Sse;

/// <summary>Limits and buffering for an <see cref="SseReader"/>.</summary>
public sealed class SseReaderOptions
{
    /// <summary>The options used when none are given.</summary>
    public static SseReaderOptions Default { get; } = new();

    /// <summary>
    /// The largest event, in bytes, the reader will hold: the joined data of one event, or any
    /// single line. Past it the read fails with <see cref="SseEventTooLargeException"/>, so memory
    /// never grows with the input. Default 1 MiB.
    /// </summary>
    public int MaxEventSize { get; init; } = 1024 * 1024;

    /// <summary>Bytes asked of the stream per read. Default 4 KiB.</summary>
    public int ReadBufferSize { get; init; } =
#if DEBUG
        // Tiny in debug builds, so the shift and grow paths run in every test.
        16;
#else
        4096;
#endif

    /// <summary>Leave the stream open when the reader is disposed. Default false.</summary>
    public bool LeaveOpen { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventSize, 1, nameof(MaxEventSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBufferSize, 1, nameof(ReadBufferSize));
    }
}
