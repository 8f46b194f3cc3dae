using System.CommandLine;
using System.Globalization;
using Harness.Clients;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Load;
using Harness.Load.Simulations;

namespace Harness.Cli.Options;

/// <summary>
/// The options the load verbs (<c>compare</c>, <c>load</c>, <c>verify</c>'s run, the no-verb main
/// job) share, parsed the same way: transports, rates, concurrencies, durations, the schedule,
/// <c>--agent</c>, <c>--start-at</c>, <c>--metrics-port</c>. Each refusal is a <see cref="UsageException"/>
/// naming the option.
/// </summary>
internal static class LoadOptions
{
    public static IReadOnlyList<Transport> ParseTransports(string text)
    {
        var list = new List<Transport>();
        foreach (string name in Items(text, "--transports"))
        {
            if (!TransportNames.TryParse(name, out var transport))
            {
                throw new UsageException($"unknown transport '{name}' (sse, sse-h2, ws)");
            }

            list.Add(list.Contains(transport) ? throw Twice(name, text, "--transports") : transport);
        }

        return list.Count > 0 ? list : throw new UsageException("--transports needs at least one of sse, sse-h2, ws");
    }

    /// <summary>Rates: numbers from <paramref name="min"/> to <paramref name="max"/>, each once.</summary>
    public static IReadOnlyList<double> ParseNumbers(string? text, string option, double min, double max)
    {
        var list = new List<double>();
        foreach (string item in Items(text, option))
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= min && value <= max))
            {
                throw new UsageException($"{option}: '{item}' is not a number from {min} to {max}");
            }

            list.Add(list.Contains(value) ? throw Twice(item, text!, option) : value);
        }

        return list;
    }

    /// <summary>Concurrencies: whole numbers from 1 to <paramref name="max"/>, each once (1.5 streams cannot run).</summary>
    public static IReadOnlyList<int> ParseCounts(string? text, string option, int max)
    {
        var list = new List<int>();
        foreach (string item in Items(text, option))
        {
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < 1 || value > max)
            {
                throw new UsageException($"{option}: '{item}' is not a whole number from 1 to {max}");
            }

            list.Add(list.Contains(value) ? throw Twice(item, text!, option) : value);
        }

        return list;
    }

    public static TimeSpan ParseDuration(string text, string option)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option}: {ex.Message}");
        }
    }

    /// <summary><c>--metrics-port</c>, the same on every load verb.</summary>
    public static Option<int?> MetricsPortOption() =>
        new("--metrics-port") { Description = "Serve live Prometheus metrics at http://*:PORT/metrics during the run (see docs/deploy.md)." };

    public static AgentShare ParseAgent(string? text)
    {
        try
        {
            return text switch
            {
                null => AgentShare.Whole,
                "auto" => AgentShare.FromEnvironment(Environment.GetEnvironmentVariable),
                _ => AgentShare.Parse(text),
            };
        }
        catch (LoadProfileException ex)
        {
            throw new UsageException($"--agent: {ex.Message}");
        }
    }

    /// <summary>The furthest ahead <c>--start-at</c> may be.</summary>
    public static readonly TimeSpan MaxStartAhead = TimeSpan.FromHours(24);

    public static DateTimeOffset? ParseStartAt(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            // A start already past would start this agent at once, out of step with the others.
            var late = DateTimeOffset.UtcNow - at;
            if (late > LoadRunOptions.StartAtTolerance)
            {
                throw new UsageException($"--start-at: {text} passed {late.TotalSeconds:0} s ago, so the agents would not start together; give a time still ahead");
            }

            // Agents start within minutes of each other; a day ahead is a typo (a wrong date) that
            // would hold the run, silently, for days.
            return -late <= MaxStartAhead
                ? at
                : throw new UsageException($"--start-at: {text} is {-late.TotalHours:0} h ahead, more than {MaxStartAhead.TotalHours:0} h; give a time within a day");
        }

        throw new UsageException($"--start-at: '{text}' is not an ISO-8601 time (like 2026-01-01T12:00:00Z)");
    }

    public static TokenSchedule ParseSchedule(string? text)
    {
        if (text is null)
        {
            return TokenSchedule.Default;
        }

        return TokenSchedule.TryParse(text, null, out var schedule, out string? error)
            ? schedule!
            : throw new UsageException($"--schedule: {error}");
    }

    private static UsageException Twice(string item, string text, string option) =>
        new($"{option}: '{item}' is given twice in '{text}'");

    /// <summary>
    /// The comma-separated items of a list option. An empty item ("10,,20", "sse,") is refused, as
    /// the parsers refuse an item given twice ("10,10"): it is a typo, and dropping it silently
    /// would run another sweep than the one asked for.
    /// </summary>
    private static List<string> Items(string? text, string option)
    {
        var items = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return items;
        }

        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (item.Length == 0)
            {
                throw new UsageException($"{option}: '{text}' has an empty item (a stray comma?)");
            }

            items.Add(item);
        }

        return items;
    }
}
