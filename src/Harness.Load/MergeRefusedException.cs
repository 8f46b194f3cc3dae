namespace Harness.Load;

/// <summary>
/// <see cref="ResultsMerger"/> refused its inputs because they are not parts of one run (another
/// schedule, model, transport set, load profile or agent count, or one part given twice); the
/// message says which directory differs and how.
/// </summary>
public sealed class MergeRefusedException(string message) : Exception(message);
