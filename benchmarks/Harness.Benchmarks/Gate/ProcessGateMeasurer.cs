using System.Diagnostics;
using System.Text.Json;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// Measures in a new process of this program (<c>gate-measure ID...</c>, the interleaved measurer
/// there), for the second chance a failing ratio gets: the JIT's code and profile are made anew
/// per process and can move a ratio by a third for that process's whole life (ws.harness_loop.vs_raw
/// read 1.47 twice in one CI process, 1.00–1.09 in four others), so a re-measurement in the same
/// process repeats the accident, and a real regression shows in the new process too.
/// </summary>
public sealed class ProcessGateMeasurer(TextWriter log, string fileName, IReadOnlyList<string> leadingArguments) : IGateMeasurer
{
    /// <summary>The verb of this program that measures and prints the measurements as JSON.</summary>
    public const string Verb = "gate-measure";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    /// <summary>A measurer that starts this benchmarks assembly under the current .NET host.</summary>
    public static ProcessGateMeasurer ForThisProgram(TextWriter log)
    {
        string assembly = typeof(ProcessGateMeasurer).Assembly.Location;
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk
            ? fromSdk
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        return new ProcessGateMeasurer(log, host, [assembly]);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The new process could not be started, failed, timed out or printed no measurements.</exception>
    public IReadOnlyDictionary<string, BenchmarkMeasurement> Measure(IReadOnlyCollection<string> benchmarkIds)
    {
        ArgumentNullException.ThrowIfNull(benchmarkIds);
        log.WriteLine("gate: measuring in a new process");
        try
        {
            return MeasureInChild(benchmarkIds);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or JsonException)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    private IReadOnlyDictionary<string, BenchmarkMeasurement> MeasureInChild(IReadOnlyCollection<string> benchmarkIds)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in leadingArguments.Append(Verb).Concat(benchmarkIds))
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.WriteLine(e.Data);
                }
            }
        };
        child.BeginErrorReadLine();
        var stdout = child.StandardOutput.ReadToEndAsync();
        if (!child.WaitForExit(s_timeout))
        {
            child.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the measuring process did not end within {s_timeout.TotalMinutes:0} minutes");
        }

        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"the measuring process exited with {child.ExitCode}");
        }

        var measured = JsonSerializer.Deserialize<List<BenchmarkMeasurement>>(stdout.GetAwaiter().GetResult())
            ?? throw new InvalidOperationException("the measuring process printed no measurements");
        return measured.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>The child's side: measures <paramref name="ids"/> here and prints them as JSON on <paramref name="output"/>; the exit code.</summary>
    public static int MeasureHere(IReadOnlyList<string> ids, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(output);
        if (ids.Count == 0)
        {
            error.WriteLine($"{Verb}: give the benchmark ids to measure");
            return 2;
        }

        var measured = new InterleavedMeasurer(error).Measure([.. ids]);
        output.Write(JsonSerializer.Serialize(measured.Values.ToList()));
        return 0;
    }
}
