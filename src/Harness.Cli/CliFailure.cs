using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text.Json;

namespace Harness.Cli;

/// <summary>
/// What <see cref="CliApp"/> prints for an exception that ended a verb: one line and an exit code.
/// What the outside world does (a file that cannot be read or is not what it should be, a URL that
/// cannot be reached, bad JSON) is <see cref="ExitCodes.Usage"/>; anything else is a harness bug,
/// whose run proved nothing: <see cref="ExitCodes.StreamError"/> (inconclusive).
/// </summary>
/// <param name="Line">The message, without the <c>harness: </c> prefix; names the file or URL where known.</param>
/// <param name="ExitCode">The process exit code.</param>
internal readonly record struct CliFailure(string Line, int ExitCode)
{
    /// <summary>Classifies <paramref name="exception"/>.</summary>
    public static CliFailure Of(Exception exception)
    {
        var ex = Unwrap(exception);
        return ex switch
        {
            UsageException => new(ex.Message, ExitCodes.Usage),
            FileNotFoundException f when f.FileName is { } file && !ex.Message.Contains(file, StringComparison.Ordinal) => new($"{file}: {FirstLine(ex.Message)}", ExitCodes.Usage),
            IOException or UnauthorizedAccessException or InvalidDataException or JsonException or FormatException or Harness.Load.MergeRefusedException or Harness.Load.StartMissedException or Harness.Load.Simulations.LoadProfileException
                or HttpRequestException or SocketException or WebSocketException or AuthenticationException
                or TimeoutException or NotSupportedException or System.Security.SecurityException
                => new(FirstLine(ex.Message), ExitCodes.Usage),
            _ => new($"internal error (a harness bug; --verbose shows where): {ex.GetType().Name}: {FirstLine(ex.Message)}", ExitCodes.StreamError),
        };
    }

    // An aggregate of one (Task.WhenAll, Parallel) says no more than its single inner exception.
    private static Exception Unwrap(Exception ex) =>
        ex is AggregateException { InnerExceptions.Count: 1 } agg ? Unwrap(agg.InnerExceptions[0]) : ex;

    private static string FirstLine(string message)
    {
        int end = message.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? message : message[..end]).TrimEnd();
    }
}
