namespace Harness.Core;

/// <summary>The known name nearest to a misspelt one (edit distance, case-insensitive), for "did you mean" errors.</summary>
public static class ClosestName
{
    /// <summary>The closest of <paramref name="known"/> to <paramref name="name"/>, or null when none is within half its length.</summary>
    public static string? Of(string name, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            int d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 2) ? best : null;
    }

    // Levenshtein distance with one row: O(a·b) time, O(b) memory; names are short.
    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
