using System.Globalization;
using Harness.Clients.Internal;

namespace Harness.Clients;

/// <summary>
/// The process-wide size of the shared array pool a client of many streams runs with. The runtime's
/// HTTP/2 client keeps each stream's received bytes in 16 KiB blocks rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> and returned once read, and the pool keeps 32
/// arrays of a size per CPU, dropping the rest. With 1,000 HTTP/2 streams on one CPU more blocks than
/// that were out at once: the client allocated about 190 MB/s of blocks only to drop them, and
/// collecting them stopped it 40–49 ms in every second (docs/notes/capacity.md). The pool keeps only
/// arrays given back to it and gives them up when the GC asks it to trim. The harness's own processes
/// (the CLI, <c>client-cost</c>) set it; another process using this library keeps its own setting.
/// </summary>
public static class BufferPoolRuntime
{
    /// <summary>The runtime's setting, read once when the shared pool is first used.</summary>
    public const string ArraysPerPartitionVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Arrays of a size the pool keeps per CPU: a block for every stream of a 2,000-stream run on one CPU.</summary>
    public const int ArraysPerPartition = 2048;

    /// <summary>
    /// Sets <see cref="ArraysPerPartition"/> unless the variable is already set (a value the user
    /// chose is kept); has an effect only when called before the process first uses the shared pool.
    /// </summary>
    public static void PreferLargerPool() =>
        RuntimeVariable.SetUnlessSet(ArraysPerPartitionVariable, ArraysPerPartition.ToString(CultureInfo.InvariantCulture));
}
