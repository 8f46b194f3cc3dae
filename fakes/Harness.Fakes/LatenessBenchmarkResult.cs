namespace Harness.Fakes;

/// <summary>One row of the lateness benchmark.</summary>
/// <param name="Streams">Concurrent streams.</param>
/// <param name="InterTokenInterval">Gap between tokens.</param>
/// <param name="TokensPerStream">Tokens each stream sent.</param>
/// <param name="CompletedStreams">Streams that ended with <c>data: [DONE]</c>.</param>
/// <param name="Elapsed">Wall time of the measured part.</param>
/// <param name="Lateness">Server-side lateness of every content event.</param>
public sealed record LatenessBenchmarkResult(int Streams, TimeSpan InterTokenInterval, int TokensPerStream, int CompletedStreams, TimeSpan Elapsed, LatenessSnapshot Lateness);
