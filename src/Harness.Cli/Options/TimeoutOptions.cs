using System.CommandLine;
using Harness.Clients;

namespace Harness.Cli.Options;

/// <summary>
/// The per-request limits, the same names, defaults and help on every verb that sends requests
/// (stream, compare, load, verify's run, overhead); 0 switches a phase's limit off. Binds to one
/// <see cref="ClientTimeouts"/>, whose defaults they are.
/// </summary>
internal sealed class TimeoutOptions
{
    private static readonly ClientTimeouts s_defaults = new();

    /// <summary>Creates the options; <paramref name="prefix"/> starts every description (e.g. "Run: ").</summary>
    public TimeoutOptions(string prefix = "")
    {
        Connect = new Option<double>("--connect-timeout") { Description = prefix + "Seconds to connect (0: none).", DefaultValueFactory = _ => s_defaults.Connect.TotalSeconds };
        FirstToken = new Option<double>("--first-token-timeout") { Description = prefix + "Seconds from sending to the first token (0: none).", DefaultValueFactory = _ => s_defaults.FirstToken.TotalSeconds };
        Idle = new Option<double>("--idle-timeout") { Description = prefix + "Longest gap between events, seconds (0: none).", DefaultValueFactory = _ => s_defaults.Idle.TotalSeconds };
        Total = new Option<double>("--total-timeout") { Description = prefix + "Whole request, seconds (0: none).", DefaultValueFactory = _ => s_defaults.Total.TotalSeconds };
    }

    public Option<double> Connect { get; }

    public Option<double> FirstToken { get; }

    public Option<double> Idle { get; }

    public Option<double> Total { get; }

    /// <summary>Every option, to add to a command.</summary>
    public IReadOnlyList<Option> All => [Connect, FirstToken, Idle, Total];

    /// <summary>The limits given (a negative or unrepresentable one is a usage error naming its option).</summary>
    public ClientTimeouts Bind(ParseResult parsed) => new()
    {
        Connect = Seconds(parsed.GetValue(Connect), Connect.Name),
        FirstToken = Seconds(parsed.GetValue(FirstToken), FirstToken.Name),
        Idle = Seconds(parsed.GetValue(Idle), Idle.Name),
        Total = Seconds(parsed.GetValue(Total), Total.Name),
    };

    // A day at most: past it a limit means nothing, and TimeSpan overflows far beyond.
    private static TimeSpan Seconds(double value, string name) =>
        value < 0 || !double.IsFinite(value) ? throw new UsageException($"{name} must not be negative, got {value} (0: none)")
        : value > 86_400 ? throw new UsageException($"{name} must be at most 86400 seconds (a day), got {value} (0: none)")
        : value == 0 ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromSeconds(value);
}
