namespace Harness.Reports.Decision;

/// <summary>
/// Why an answer called no transport faster, so that the "In short" line can count each reason and
/// say which a longer run cures (only <see cref="FewSamples"/>).
/// </summary>
public enum UndecidedReason
{
    /// <summary>A series had fewer samples than the percentile needs.</summary>
    FewSamples,

    /// <summary>The transport fastest on what succeeded failed requests: its figure understates it.</summary>
    Failures,

    /// <summary>The harness was saturated at the load point and its lag could account for the difference.</summary>
    Saturated,

    /// <summary>The embedded fake fell behind its schedule in a series compared (p99 answers; medians too where one wave in flight was half its samples).</summary>
    FakeStall,

    /// <summary>
    /// Against another endpoint, the machine stood still in a series compared (<see cref="MachineStandstill"/>;
    /// p99 answers, medians too where one wave in flight was half its samples).
    /// </summary>
    MachineStandstill,

    /// <summary>The harness's own pauses made a series' TTFT or e2e p99, or may have made its ITL p99.</summary>
    HarnessPauses,

    /// <summary>The difference changed sign between rounds, or was not steady enough for the rounds' t interval.</summary>
    NotSteadyAcrossRounds,

    /// <summary>The difference was within the harness's resolution.</summary>
    WithinResolution,

    /// <summary>
    /// A series' answers mostly came all at once (<see cref="Harness.Load.Results.BufferedAnswers"/>):
    /// its gaps between tokens time a relay's writes, not generation, so no ITL answer compares it.
    /// </summary>
    NotStreamed,
}
