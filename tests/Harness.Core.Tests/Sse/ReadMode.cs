namespace Harness.Core.Tests.Sse;

/// <summary>The ways a test feeds input to the reader; every rule runs under each.</summary>
public enum ReadMode
{
    /// <summary>All bytes in memory, no stream.</summary>
    Memory,

    /// <summary>All bytes in memory, in the middle of a larger array (offsets into the array).</summary>
    MemoryAtOffset,

    /// <summary>All bytes in memory with no array behind it (a <see cref="System.Buffers.MemoryManager{T}"/>).</summary>
    MemoryWithoutArray,

    /// <summary>A stream read synchronously, whole reads.</summary>
    StreamSync,

    /// <summary>A stream read asynchronously, whole reads.</summary>
    StreamAsync,

    /// <summary>A stream that yields one byte per synchronous read.</summary>
    TrickleSync,

    /// <summary>A stream that yields one byte per asynchronous read.</summary>
    TrickleAsync,

    /// <summary>A stream that yields 7 bytes per asynchronous read (splits land everywhere).</summary>
    Chunks7Async,
}
