using System.Runtime;

namespace Harness.Core;

/// <summary>
/// The young generation's floor the harness asks for. The runtime caps the young generation by its
/// GC and the CPU cache it is told of: a process that may use one CPU (a pinned client, a one-CPU
/// container) gets workstation GC, which on a VM that reports no cache was capped at 6 MB, and a load
/// of 500 HTTP/1.1 streams then collected every second (13-16 pauses in a 15 s window, against 2
/// with a 32 MB floor; docs/notes/harness-pauses.md). Server GC's budget grows past the floor.
/// </summary>
public static class YoungGenerationBudget
{
    /// <summary>The runtime's switch for the floor (bytes, hex), which <c>run.sh</c> and the container image set.</summary>
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>The value <c>run.sh</c> and the container image give <see cref="Variable"/>.</summary>
    public const string Recommended = "0x2000000";

    /// <summary><see cref="Recommended"/> in bytes: 32 MB.</summary>
    public const long FloorBytes = 32L << 20;

    /// <summary>The most the runtime lets the young generation take before a collection, in bytes; 0 when it does not say.</summary>
    public static long Cap => GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value) && value is IConvertible ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>
    /// <see cref="Cap"/> when this process asked for server GC (as the harness's runtimeconfig does),
    /// got workstation GC, and the cap is under the floor with no floor set; otherwise null.
    /// </summary>
    public static long? SmallCap
    {
        get
        {
            if (!AskedForServerGc || GCSettings.IsServerGC)
            {
                return null;
            }

            long cap = Cap;
            return IsSmallFor(cap, Environment.GetEnvironmentVariable) ? cap : null;
        }
    }

    // The runtimeconfig's properties reach AppContext as text.
    private static bool AskedForServerGc => bool.TryParse(AppContext.GetData("System.GC.Server")?.ToString(), out bool server) && server;

    /// <summary>Whether a cap of <paramref name="cap"/> bytes is under the floor and the variables <paramref name="variable"/> returns set none.</summary>
    internal static bool IsSmallFor(long cap, Func<string, string?> variable) =>
        cap > 0 && cap < FloorBytes && string.IsNullOrWhiteSpace(variable(Variable)) && string.IsNullOrWhiteSpace(variable("COMPlus_GCgen0size"));
}
