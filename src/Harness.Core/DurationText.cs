using System.Globalization;

namespace Harness.Core;

/// <summary>
/// Durations as people write them: <c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, or a bare number
/// in the caller's unit (seconds for run lengths, milliseconds inside a token schedule). The one
/// duration parser of the harness: options, scenario files and schedules all read through it.
/// </summary>
public static class DurationText
{
    /// <summary>The longest duration accepted: a week.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    /// <summary>Parses a duration, a bare number in seconds; <see cref="FormatException"/> with a one-line message otherwise.</summary>
    public static TimeSpan Parse(string text) => Parse(text, TimeSpan.FromSeconds(1));

    /// <summary>Parses a duration, a bare number counting <paramref name="bareUnit"/>s.</summary>
    public static TimeSpan Parse(string text, TimeSpan bareUnit)
    {
        string s = (text ?? string.Empty).Trim();
        (string number, double scale) = s switch
        {
            _ when s.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (s[..^2], 0.001),
            _ when s.EndsWith('s') || s.EndsWith('S') => (s[..^1], 1.0),
            _ when s.EndsWith('m') || s.EndsWith('M') => (s[..^1], 60.0),
            _ when s.EndsWith('h') || s.EndsWith('H') => (s[..^1], 3600.0),
            _ => (s, bareUnit.TotalSeconds),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0 || value * scale > Max.TotalSeconds)
        {
            throw new FormatException($"'{text}' is not a duration (like 30s, 500ms, 2m)");
        }

        // Rounded to whole ticks, so 0.1 ms steps come out exact rather than a tick short.
        return TimeSpan.FromTicks((long)Math.Round(value * scale * TimeSpan.TicksPerSecond));
    }

    /// <summary>Formats a duration the way <see cref="Parse(string)"/> reads it.</summary>
    public static string Format(TimeSpan span) => span == TimeSpan.Zero ? "0s" : span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0}s")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.###}ms");
}
