using System.Globalization;

namespace Harness.Load;

/// <summary>Durations as people write them: <c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, or plain seconds.</summary>
public static class DurationText
{
    /// <summary>Parses a duration; <see cref="FormatException"/> with a one-line message otherwise.</summary>
    public static TimeSpan Parse(string text)
    {
        string s = (text ?? string.Empty).Trim();
        (string number, double scale) = s switch
        {
            _ when s.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (s[..^2], 0.001),
            _ when s.EndsWith('s') || s.EndsWith('S') => (s[..^1], 1.0),
            _ when s.EndsWith('m') || s.EndsWith('M') => (s[..^1], 60.0),
            _ when s.EndsWith('h') || s.EndsWith('H') => (s[..^1], 3600.0),
            _ => (s, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0 || value * scale > 86_400 * 7)
        {
            throw new FormatException($"'{text}' is not a duration (like 30s, 500ms, 2m)");
        }

        return TimeSpan.FromSeconds(value * scale);
    }

    /// <summary>Formats a duration the way <see cref="Parse"/> reads it.</summary>
    public static string Format(TimeSpan span) => span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0}s")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.###}ms");
}
