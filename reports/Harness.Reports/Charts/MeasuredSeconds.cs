using Harness.Load.Results;

namespace Harness.Reports.Charts;

/// <summary>
/// Where a series' <c>timeseries.csv</c> rows fall on the over-time charts' axis. A series measured
/// in rounds has each round's rows after the previous round's, each followed by its drain seconds
/// (requests finishing after the window closed, nothing started): joined as written, every round
/// boundary would show a collapse that never happened. The axis joins the rounds' measured windows
/// end to end and leaves the drain seconds out.
/// </summary>
internal sealed class MeasuredSeconds
{
    private readonly List<(int First, int Length)> _windows;

    private MeasuredSeconds(List<(int First, int Length)> windows) => _windows = windows;

    /// <summary>
    /// The windows of <paramref name="series"/>: its rounds' (when each says where it began), else one
    /// from second 0 over its measured time. Null when neither can be told (older results measured
    /// in rounds, agents' merges with rows summed across their rounds): the rows are then drawn as written.
    /// </summary>
    public static MeasuredSeconds? Of(SeriesResult series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Rounds is { Count: > 0 } rounds)
        {
            return rounds.All(r => r.FirstSecond is not null)
                ? new MeasuredSeconds([.. rounds.OrderBy(r => r.FirstSecond).Select(r => (r.FirstSecond!.Value, Seconds(r.DurationSeconds)))])
                : null;
        }

        // A merge adds agents' rows by second though their rounds may have drained differently.
        return series.AgentsLag is null ? new MeasuredSeconds([(0, Seconds(series.DurationSeconds))]) : null;
    }

    /// <summary>The measured seconds, all windows together.</summary>
    public int Total => _windows.Sum(w => w.Length);

    /// <summary>Where each window after the first begins on the axis.</summary>
    public IEnumerable<int> Boundaries => _windows.Skip(1).Select((_, i) => _windows.Take(i + 1).Sum(w => w.Length));

    /// <summary>The axis position of the row for <paramref name="second"/>: seconds of measured window before it; null for a drain second.</summary>
    public int? PositionOf(int second)
    {
        int before = 0;
        foreach (var (first, length) in _windows)
        {
            if (second >= first && second < first + length)
            {
                return before + (second - first);
            }

            before += length;
        }

        return null;
    }

    // A window's last second may be cut short (an interrupted round); it still holds measured time.
    private static int Seconds(double duration) => (int)Math.Ceiling(duration - 1e-9);
}
