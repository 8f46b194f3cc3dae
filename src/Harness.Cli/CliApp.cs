using System.CommandLine;
using Harness.Clients.Redaction;

namespace Harness.Cli;

/// <summary>Builds the <c>harness</c> root command from every <see cref="ICliVerb"/> and runs it.</summary>
public static class CliApp
{
    /// <summary><c>--verbose</c>, on every verb: an error line is followed by the exception behind it.</summary>
    public static Option<bool> VerboseOption { get; } = new("--verbose")
    {
        Description = "On an error, print the exception behind the one-line message too.",
        Recursive = true,
    };

    /// <summary>Builds the root command with every verb in this assembly.</summary>
    public static RootCommand CreateRoot(CliConsole console)
    {
        var root = new RootCommand(
            "harness: benchmark and conformance harness for AI chat streaming over SSE and WebSocket. "
            + "With no command, the main job: sse, sse-h2 and ws at 10 and 100 concurrent streams against the embedded fake "
            + "(about 2 minutes), its results and report written to results/<UTC time>/.")
        {
            VerboseOption,
        };
        var verbs = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliVerb).IsAssignableFrom(t))
            .Select(t => (ICliVerb)Activator.CreateInstance(t)!)
            .OrderBy(v => v.Order);
        // No verb: the main job, a short SSE-vs-WebSocket comparison against the embedded fake.
        root.SetAction((parsed, ct) => Commands.CompareVerb.RunMainJobAsync(console, ct));
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb.Create(console));
        }

        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Usage errors print one line to
    /// <paramref name="error"/> and return <see cref="ExitCodes.Usage"/>. Everything the verb prints
    /// passes through a <see cref="RedactingTextWriter"/>: no secret (the API key, wherever a server
    /// echoed it) reaches stdout or stderr.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        using var redactedOut = new RedactingTextWriter(output);
        using var redactedError = new RedactingTextWriter(error);
        return await RunRedactedAsync(args, redactedOut, redactedError, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
    }

    private static async Task<int> RunRedactedAsync(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal)
    {
        var console = new CliConsole(output, error) { ErrorIsTerminal = errorIsTerminal };
        var root = CreateRoot(console);
        var parsed = root.Parse(args);
        if (OptionTakenAsArgument(parsed) is { } unknown)
        {
            error.WriteLine($"harness: unknown option '{unknown}' (see 'harness {VerbPath(parsed)}--help')");
            return ExitCodes.Usage;
        }

        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"harness: {ParseErrorText.Describe(parsed.Errors[0].Message, SymbolName(parsed.Errors[0]))} (see 'harness {VerbPath(parsed)}--help')");
            return ExitCodes.Usage;
        }

        // Our own handler below: what the outside world does is one line, never a stack trace.
        // Signals are ours too (Interruption): the library's own handling would exit with its own code.
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        using var interruption = new Interruption();
        try
        {
            int code = await parsed.InvokeAsync(config, interruption.Token);
            // 'fake serve' and 'fake stubs' serve until a signal: for them it is the normal end.
            if (interruption.Signal is { } signal && !VerbPath(parsed).StartsWith("fake ", StringComparison.Ordinal))
            {
                error.WriteLine($"harness: interrupted by {signal} (exit {Interruption.ExitCodeOf(signal)})");
                return Interruption.ExitCodeOf(signal);
            }

            return code;
        }
        catch (OperationCanceledException) when (interruption.Signal is { } signal)
        {
            error.WriteLine($"harness: interrupted by {signal} (exit {Interruption.ExitCodeOf(signal)})");
            return Interruption.ExitCodeOf(signal);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = CliFailure.Of(ex);
            error.WriteLine($"harness: {failure.Line}");
            if (parsed.GetValue(VerboseOption))
            {
                error.WriteLine(ex.ToString());
            }

            return failure.ExitCode;
        }
    }

    // The parser hands a token that is no option of the verb to the verb's free argument ('verify
    // --no-report' read '--no-report' as the results directory, then blamed the run options): a
    // value starting with '-' that names no file or directory is a mistyped option ('-' alone is stdin).
    private static string? OptionTakenAsArgument(ParseResult parsed) =>
        parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v[0] == '-' && !File.Exists(v) && !Directory.Exists(v));

    private static string? SymbolName(System.CommandLine.Parsing.ParseError error) => error.SymbolResult switch
    {
        System.CommandLine.Parsing.OptionResult option => option.Option.Name,
        System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult option } => option.Option.Name,
        System.CommandLine.Parsing.ArgumentResult argument => argument.Argument.Name.ToUpperInvariant(),
        _ => null,
    };

    private static string VerbPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var r = parsed.CommandResult; r.Parent is not null; r = (System.CommandLine.Parsing.CommandResult)r.Parent)
        {
            names.Push(r.Command.Name);
        }

        return names.Count == 0 ? string.Empty : string.Join(' ', names) + " ";
    }
}
