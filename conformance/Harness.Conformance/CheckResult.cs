namespace Harness.Conformance;

/// <summary>The outcome of one check against one endpoint.</summary>
/// <param name="Id">The check's id, e.g. <c>sse.done</c>.</param>
/// <param name="Transport"><c>sse</c> or <c>ws</c>.</param>
/// <param name="Description">What the rule is.</param>
/// <param name="Status">Pass, fail or skip.</param>
/// <param name="Evidence">One line saying what was seen.</param>
/// <param name="Elapsed">How long the check took.</param>
public sealed record CheckResult(string Id, string Transport, string Description, CheckStatus Status, string Evidence, TimeSpan Elapsed);
