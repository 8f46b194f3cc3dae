namespace Harness.Cli;

/// <summary>The writers a command prints to, so tests can capture what a person would see.</summary>
/// <param name="Out">Standard output: results, one per line where a tool may pipe them.</param>
/// <param name="Error">Standard error: progress, warnings and one-line error messages.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
