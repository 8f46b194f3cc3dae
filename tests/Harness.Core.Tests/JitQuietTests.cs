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

    [Fact]
    public void Gives_up_at_the_limit_when_something_compiles_all_the_time()
    {
        long count = 0;
        var watch = Stopwatch.StartNew();
        Assert.False(JitQuiet.RunUntilQuiet(() => count++, () => count, Window, Limit));
        Assert.True(watch.Elapsed >= Limit, $"gave up after {watch.Elapsed}");
    }
}
