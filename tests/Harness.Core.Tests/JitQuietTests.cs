using System.Diagnostics;
using System.Reflection.Emit;

namespace Harness.Core.Tests;

public sealed class JitQuietTests
{
    [Fact]
    public void Runs_the_work_until_a_window_passes_with_nothing_compiled()
    {
        int calls = 0;
        var watch = Stopwatch.StartNew();
        Assert.True(JitQuiet.RunUntilQuiet(() => calls++));
        Assert.True(calls > 0);
        Assert.True(watch.Elapsed >= JitQuiet.QuietWindow, $"returned after {watch.Elapsed}, before one quiet window");
    }

    [Fact]
    public void Gives_up_after_the_limit_when_the_work_keeps_compiling()
    {
        var watch = Stopwatch.StartNew();
        Assert.False(JitQuiet.RunUntilQuiet(() => _ = FreshMethod()(1)));
        Assert.True(watch.Elapsed >= JitQuiet.Limit, $"gave up after {watch.Elapsed}");
    }

    /// <summary>A method no one has compiled yet: calling it makes the JIT compile once more.</summary>
    private static Func<int, int> FreshMethod()
    {
        var method = new DynamicMethod("fresh" + Guid.NewGuid().ToString("N"), typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<int, int>>();
    }
}
