using Harness.Clients;

namespace Harness.Load.Results;

/// <summary>
/// How a series' output tokens were counted (<see cref="SeriesResult.Tokens"/>, tokens/s and goodput
/// all use these counts) and how the server's usage compared with the tokenizer where both exist:
/// the mismatch report. Requests that produced no output and no usage (a 429) are in no count.
/// </summary>
public sealed record OutputTokenAccounting
{
    /// <summary>The tokenizer that counted (<c>o200k_base</c>, <c>cl100k_base</c>), or null when none did (<c>--tokenizer none</c>).</summary>
    public string? Tokenizer { get; init; }

    /// <summary>Requests whose count is the server's <c>usage.completion_tokens</c>.</summary>
    public long FromUsage { get; init; }

    /// <summary>Requests whose count is the tokenizer's (the server sent no usage).</summary>
    public long Counted { get; init; }

    /// <summary>Requests with neither usage nor a tokenizer: the count of content deltas.</summary>
    public long FromDeltas { get; init; }

    /// <summary>Requests with both usage and a tokenizer count: the mismatch report's sample.</summary>
    public long Compared { get; init; }

    /// <summary>Of <see cref="Compared"/>, those where usage and the tokenizer disagree.</summary>
    public long Mismatched { get; init; }

    /// <summary>Usage's tokens summed over <see cref="Compared"/>.</summary>
    public long UsageTokens { get; init; }

    /// <summary>The tokenizer's tokens summed over <see cref="Compared"/>.</summary>
    public long CountedTokens { get; init; }

    /// <summary>Mean of |counted − usage| / usage over <see cref="Compared"/> (0 when none).</summary>
    public double MeanRelativeDifference { get; init; }

    /// <summary>Largest |counted − usage| / usage over <see cref="Compared"/> (0 when none).</summary>
    public double MaxRelativeDifference { get; init; }

    /// <summary>This accounting with one more finished request.</summary>
    public OutputTokenAccounting Add(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.Usage is null && timeline.CountedTokens is null && timeline.ContentDeltaCount == 0)
        {
            return this;
        }

        var next = timeline.TokenSource switch
        {
            OutputTokenSource.Usage => this with { FromUsage = FromUsage + 1 },
            OutputTokenSource.Counted => this with { Counted = Counted + 1 },
            _ => this with { FromDeltas = FromDeltas + 1 },
        };
        next = next with { Tokenizer = timeline.Tokenizer ?? Tokenizer };
        if (timeline.UsageCountRelativeDifference is not double relative)
        {
            return next;
        }

        double size = Math.Abs(relative);
        return next with
        {
            Compared = Compared + 1,
            Mismatched = Mismatched + (size > 0 ? 1 : 0),
            UsageTokens = UsageTokens + timeline.Usage!.Value.CompletionTokens,
            CountedTokens = CountedTokens + timeline.CountedTokens!.Value,
            MeanRelativeDifference = ((MeanRelativeDifference * Compared) + size) / (Compared + 1),
            MaxRelativeDifference = Math.Max(MaxRelativeDifference, size),
        };
    }

    /// <summary>The accounting of several agents' shares of one series.</summary>
    public static OutputTokenAccounting? Merge(IEnumerable<OutputTokenAccounting?> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var known = parts.OfType<OutputTokenAccounting>().ToList();
        if (known.Count == 0)
        {
            return null;
        }

        long compared = known.Sum(p => p.Compared);
        return new OutputTokenAccounting
        {
            Tokenizer = known.Select(p => p.Tokenizer).Distinct().Count() == 1 ? known[0].Tokenizer : string.Join("+", known.Select(p => p.Tokenizer ?? "none").Distinct()),
            FromUsage = known.Sum(p => p.FromUsage),
            Counted = known.Sum(p => p.Counted),
            FromDeltas = known.Sum(p => p.FromDeltas),
            Compared = compared,
            Mismatched = known.Sum(p => p.Mismatched),
            UsageTokens = known.Sum(p => p.UsageTokens),
            CountedTokens = known.Sum(p => p.CountedTokens),
            MeanRelativeDifference = compared == 0 ? 0 : known.Sum(p => p.MeanRelativeDifference * p.Compared) / compared,
            MaxRelativeDifference = known.Max(p => p.MaxRelativeDifference),
        };
    }
}
