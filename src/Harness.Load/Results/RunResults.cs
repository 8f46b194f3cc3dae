namespace Harness.Load.Results;

/// <summary>
/// What a load run or comparison produced: settings, machine, saturation status and one
/// <see cref="SeriesResult"/> per transport and load point. Saved as <c>results.json</c> in a
/// results directory beside <c>histograms.hlog</c>, <c>timeseries.csv</c> and <c>requests.csv</c>
/// (see <see cref="ResultsDirectory"/>).
/// </summary>
public sealed record RunResults
{
    /// <summary>The format version this harness writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Format version of this file.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>
    /// This run's identity (a new one per run and per merge), so one run's directory given twice
    /// (or copied) is refused by <c>merge</c> instead of counted twice. Empty in files from before it.
    /// </summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Scenario name.</summary>
    public required string Name { get; init; }

    /// <summary>When measuring started (UTC).</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>When the run ended (UTC).</summary>
    public DateTimeOffset EndedUtc { get; init; }

    /// <summary>True when the run was stopped early (Ctrl+C); what was measured is still here.</summary>
    public bool Partial { get; init; }

    /// <summary><see cref="Target"/> of a run against the fake inside the harness.</summary>
    public const string EmbeddedFakeTarget = "embedded fake";

    /// <summary>What was measured: <see cref="EmbeddedFakeTarget"/> or the endpoint's URL (never a key).</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>The model name requested.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>The run's settings as text, for the report's settings table.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Agents that contributed (<c>1/1</c> for a single process; merged runs list each).</summary>
    public List<string> Agents { get; init; } = [];

    /// <summary>The machine the run was measured on.</summary>
    public MachineInfo Machine { get; init; } = new();

    /// <summary>Whether the harness was the bottleneck.</summary>
    public SaturationStatus Saturation { get; init; } = new();

    /// <summary>One entry per transport and load point.</summary>
    public List<SeriesResult> Series { get; init; } = [];
}
