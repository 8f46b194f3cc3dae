namespace Harness.Cli;

/// <summary>
/// Thrown by a verb for bad usage the parser could not see (an unreadable file, a flag value out
/// of range); <see cref="CliApp"/> prints its message as one line and exits with
/// <see cref="ExitCodes.Usage"/>.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
