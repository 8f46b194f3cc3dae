namespace Harness.Conformance;

/// <summary>
/// One named rule an endpoint is put through: an id, the transport, a one-line description and the
/// code that judges it. Checks are plain data so the lists in <see cref="Checks.SseChecks"/> and
/// <see cref="Checks.WebSocketChecks"/> read like the rule book.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>sse.done</c>.</param>
/// <param name="Transport"><c>sse</c> or <c>ws</c>.</param>
/// <param name="Description">The rule in one line.</param>
/// <param name="Run">Judges the rule; may throw (an exception counts as a failure with its message as evidence).</param>
public sealed record ConformanceCheck(string Id, string Transport, string Description, Func<ConformanceContext, CancellationToken, Task<CheckVerdict>> Run);
