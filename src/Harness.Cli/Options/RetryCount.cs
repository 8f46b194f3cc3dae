namespace Harness.Cli.Options;

/// <summary>The <c>--retries</c> value of every verb that sends requests: 0 or more.</summary>
internal static class RetryCount
{
    /// <summary><paramref name="value"/> when it is not negative.</summary>
    /// <exception cref="UsageException">A negative count (once quietly read as 0).</exception>
    public static int Of(int value) =>
        value >= 0 ? value : throw new UsageException($"--retries must not be negative, got {value} (0: no retries)");
}
