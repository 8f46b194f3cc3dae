namespace Harness.Cli;

/// <summary>The writers a command prints to, so tests can capture what a person would see.</summary>
/// <param name="Out">Standard output: results, one per line where a tool may pipe them.</param>
/// <param name="Error">Standard error: progress, warnings and one-line error messages.</param>
/// <remarks><see cref="CliApp"/> hands verbs redacting writers: no secret reaches either stream.</remarks>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>Whether standard error is a terminal (progress then rewrites one line).</summary>
    public bool ErrorIsTerminal { get; init; }
}
