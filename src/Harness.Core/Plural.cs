using System.Globalization;

namespace Harness.Core;

/// <summary>A count with its noun, singular for one: "1 step", "2 steps", not "1 steps".</summary>
public static class Plural
{
    /// <summary><paramref name="count"/> and <paramref name="noun"/>, with <paramref name="plural"/> (default: noun + "s") unless the count is one.</summary>
    public static string Of(long count, string noun, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural ?? noun + "s")}");
}
