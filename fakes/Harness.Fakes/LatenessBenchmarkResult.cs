namespace Harness.Fakes;

/// <summary>One row of the lateness benchmark.</summary>
/// <param name="Streams">Concurrent streams.</param>
/// <param name="InterTokenInterval">Gap between tokens.</param>
/// <param name="TokensPerStream">Tokens each stream sent.</param>
/// <param name="CompletedStreams">Streams that ended with <c>data: [DONE]</c>.</param>
/// <param name="Elapsed">Wall time of the measured part.</param>
/// <param name="Lateness">Server-side lateness of every content event, taken just before its write.</param>
/// <param name="ReleaseLateness">How late the scheduler thread released the waiters (its own precision).</param>
/// <param name="SchedulerThreadPriority">What OS priority the scheduler thread got.</param>
/// <param name="GcCollections">Garbage collections (any generation) in the measured part, in the whole process (server and client).</param>
/// <param name="GcPause">Their total pause: every thread, the scheduler's included, stands still for it.</param>
/// <param name="AllocatedBytes">Bytes allocated in the measured part by the whole process (server and client).</param>
public sealed record LatenessBenchmarkResult(int Streams, TimeSpan InterTokenInterval, int TokensPerStream, int CompletedStreams, TimeSpan Elapsed, LatenessSnapshot Lateness, LatenessSnapshot ReleaseLateness, string SchedulerThreadPriority, int GcCollections, TimeSpan GcPause, long AllocatedBytes);
