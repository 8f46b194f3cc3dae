namespace Harness.Load;

/// <summary>
/// A run given a start time (<c>--start-at</c>) was ready to begin only after that time had passed
/// by more than <see cref="LoadRunOptions.StartAtTolerance"/>: it would not run together with the
/// agents that kept the time, so it does not run at all. Nothing was measured; the message says how
/// late it was.
/// </summary>
public sealed class StartMissedException(string message) : Exception(message);
