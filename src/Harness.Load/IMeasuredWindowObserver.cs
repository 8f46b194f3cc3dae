using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Hears when a series' measured window opens (warm-up over) and annotates the series when the run
/// ends; the compare verb uses it to add the embedded fake's own lateness to each series.
/// </summary>
public interface IMeasuredWindowObserver
{
    /// <summary>The measured window has just opened (called once, from a thread-pool thread).</summary>
    void WindowStarted();

    /// <summary>The run has ended (after its drain); returns <paramref name="series"/>, annotated or not. Only called when the window opened.</summary>
    SeriesResult WindowEnded(SeriesResult series);
}
