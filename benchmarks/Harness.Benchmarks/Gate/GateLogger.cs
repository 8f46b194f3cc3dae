using BenchmarkDotNet.Loggers;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// Sends BenchmarkDotNet's log to a writer (standard error), so standard output carries only the
/// gate's table; when not verbose only errors and the per-benchmark headers pass.
/// </summary>
internal sealed class GateLogger(TextWriter writer, bool verbose) : ILogger
{
    public string Id => nameof(GateLogger);

    public int Priority => 0;

    public void Write(LogKind logKind, string text)
    {
        if (Shows(logKind))
        {
            writer.Write(text);
        }
    }

    public void WriteLine()
    {
        if (verbose)
        {
            writer.WriteLine();
        }
    }

    public void WriteLine(LogKind logKind, string text)
    {
        if (Shows(logKind) || (logKind == LogKind.Header && text.StartsWith("// Benchmark:", StringComparison.Ordinal)))
        {
            writer.WriteLine(text);
        }
    }

    public void Flush() => writer.Flush();

    private bool Shows(LogKind kind) => verbose || kind == LogKind.Error;
}
