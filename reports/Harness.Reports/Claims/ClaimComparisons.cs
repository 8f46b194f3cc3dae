namespace Harness.Reports.Claims;

/// <summary>What a <see cref="ClaimComparison"/> means: its symbol and whether a value satisfies it.</summary>
internal static class ClaimComparisons
{
    public static string Symbol(ClaimComparison comparison) => comparison switch
    {
        ClaimComparison.LessThan => "<",
        ClaimComparison.LessThanOrEqual => "<=",
        ClaimComparison.GreaterThan => ">",
        _ => ">=",
    };

    public static bool Holds(ClaimComparison comparison, double value, double limit) => comparison switch
    {
        ClaimComparison.LessThan => value < limit,
        ClaimComparison.LessThanOrEqual => value <= limit,
        ClaimComparison.GreaterThan => value > limit,
        _ => value >= limit,
    };
}
