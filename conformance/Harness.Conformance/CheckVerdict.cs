namespace Harness.Conformance;

/// <summary>What a check's body returns: a status and one line of evidence.</summary>
/// <param name="Status">Pass, fail or skip.</param>
/// <param name="Evidence">One line saying what was seen.</param>
public readonly record struct CheckVerdict(CheckStatus Status, string Evidence)
{
    /// <summary>A pass with evidence.</summary>
    public static CheckVerdict Pass(string evidence) => new(CheckStatus.Pass, evidence);

    /// <summary>A failure with evidence.</summary>
    public static CheckVerdict Fail(string evidence) => new(CheckStatus.Fail, evidence);

    /// <summary>A skip with the reason.</summary>
    public static CheckVerdict Skip(string evidence) => new(CheckStatus.Skip, evidence);

    /// <summary>Pass when <paramref name="ok"/>, fail otherwise, with the same evidence.</summary>
    public static CheckVerdict PassIf(bool ok, string evidence) => new(ok ? CheckStatus.Pass : CheckStatus.Fail, evidence);
}
