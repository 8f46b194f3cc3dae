namespace Harness.Load.Overhead;

/// <summary>
/// At most how many inter-token gaps the harness's own pauses widened on each side of an overhead
/// run: per pause, the successful streams of that side between their first token and their end
/// as it passed (a pause holds back the next token of each, widening one gap per stream; a burst of
/// pauses in one gap is counted once per pause, which only excuses more).
/// </summary>
/// <param name="Direct">Gaps of the direct requests.</param>
/// <param name="Via">Gaps of the requests through the relay.</param>
public sealed record PausedGapCounts(long Direct, long Via);
