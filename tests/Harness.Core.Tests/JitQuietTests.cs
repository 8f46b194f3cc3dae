using System.Diagnostics;

namespace Harness.Core.Tests;

/// <summary>
/// The loop, with the compile count given: the process's own count moves whenever a test running
/// beside this one compiles, so a quiet window cannot be promised in a test host.
/// </summary>
public sealed class JitQuietTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Runs_the_work_until_a_window_passes_after_the_last_compile()
    {
        // The count moves for the first 20 calls, then stays.
        int calls = 0;
        long lastChange = 0;
        Assert.True(JitQuiet.RunUntilQuiet(
            () =>
            {
                if (++calls <= 20)
                {
                    lastChange = Stopwatch.GetTimestamp();
                }
            },
            () => Math.Min(calls, 20),
            Window,
            TimeSpan.FromSeconds(30)));
        Assert.True(calls > 20);
        Assert.True(Stopwatch.GetElapsedTime(lastChange) >= Window, $"returned {Stopwatch.GetElapsedTime(lastChange)} after the last compile, under one window");
    }

    [Theory]
    [InlineData(2, null, null, 100)]
    [InlineData(1, null, null, 1000)] // the runtime's multiplier of ten on one CPU
    [InlineData(1, "0", null, 0)] // what run.sh and the image set
    [InlineData(2, "64", null, 100)] // read as hex, as the runtime reads it
    [InlineData(2, "0x1F4", null, 500)]
    [InlineData(1, "64", "1", 100)]
    [InlineData(2, "64", "1", 100)] // the multiplier applies to one CPU only
    [InlineData(2, "soon", null, 100)] // unreadable: the default
    public void The_tier_up_delay_is_the_runtimes(int processors, string? delay, string? multiplier, int expectedMs)
    {
        var variables = new Dictionary<string, string?> { ["DOTNET_TC_CallCountingDelayMs"] = delay, ["DOTNET_TC_DelaySingleProcMultiplier"] = multiplier };
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), JitQuiet.TierUpDelayFor(processors, name => variables.GetValueOrDefault(name)));
    }

    [Fact]
    public void The_older_COMPlus_prefix_counts_too()
    {
        Assert.Equal(TimeSpan.Zero, JitQuiet.TierUpDelayFor(1, name => name == "COMPlus_TC_CallCountingDelayMs" ? "0" : null));
    }

    [Fact]
    public void Gives_up_at_the_limit_when_something_compiles_all_the_time()
    {
        long count = 0;
        var watch = Stopwatch.StartNew();
        Assert.False(JitQuiet.RunUntilQuiet(() => count++, () => count, Window, Limit));
        Assert.True(watch.Elapsed >= Limit, $"gave up after {watch.Elapsed}");
    }
}
