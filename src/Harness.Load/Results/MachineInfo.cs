using System.Runtime.InteropServices;

namespace Harness.Load.Results;

/// <summary>The machine a run was measured on, so results are never compared blind.</summary>
public sealed record MachineInfo
{
    /// <summary>Host name.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>Operating system description.</summary>
    public string Os { get; init; } = string.Empty;

    /// <summary>Processor model, where the OS tells it.</summary>
    public string Cpu { get; init; } = string.Empty;

    /// <summary>Logical processors.</summary>
    public int Cores { get; init; }

    /// <summary>.NET runtime description.</summary>
    public string Runtime { get; init; } = string.Empty;

    /// <summary>The machine this process runs on.</summary>
    public static MachineInfo Current() => new()
    {
        Host = Environment.MachineName,
        Os = RuntimeInformation.OSDescription,
        Cpu = ReadCpuModel(),
        Cores = Environment.ProcessorCount,
        Runtime = RuntimeInformation.FrameworkDescription,
    };

    private static string ReadCpuModel()
    {
        try
        {
            const string cpuinfo = "/proc/cpuinfo";
            if (File.Exists(cpuinfo))
            {
                var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null && line.Contains(':', StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // Unknown is fine; the rest of the record still identifies the machine.
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
