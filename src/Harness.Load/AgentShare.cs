using System.Globalization;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// The share of a scenario's load one agent runs (<c>--agent I/N</c>, 1-based). Copies and request
/// caps are split so the shares sum exactly to the whole; an open model's arrivals are dealt out
/// round-robin from one shared schedule, so N agents together send exactly the single-process
/// schedule.
/// </summary>
/// <param name="Index">1-based agent index.</param>
/// <param name="Count">Number of agents.</param>
public readonly record struct AgentShare(int Index, int Count)
{
    /// <summary>What <c>--agent auto</c> reads the 0-based index from: set in every pod of a Kubernetes Indexed Job.</summary>
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>What <c>--agent auto</c> reads the agent count from (the Job's completions, set in its manifest).</summary>
    public const string CountVariable = "HARNESS_AGENT_COUNT";

    /// <summary>The whole load: one agent.</summary>
    public static AgentShare Whole { get; } = new(1, 1);

    /// <summary>
    /// The share of one pod of an Indexed Job (<c>--agent auto</c>): index
    /// <see cref="IndexVariable"/> + 1 of <see cref="CountVariable"/>. Throws
    /// <see cref="LoadProfileException"/> when either is missing or out of range, so an agent never
    /// silently runs the whole load.
    /// </summary>
    public static AgentShare FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? index = variable(IndexVariable), count = variable(CountVariable);
        if (index is null || count is null)
        {
            throw new LoadProfileException(LoadProfileError.InvalidAgent,
                $"'auto' needs {IndexVariable} (set in each pod of a Kubernetes Indexed Job) and {CountVariable} (the Job's completions); {(index is null ? IndexVariable : CountVariable)} is not set");
        }

        if (int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
        {
            return new AgentShare(i + 1, n);
        }

        throw new LoadProfileException(LoadProfileError.InvalidAgent,
            $"'auto' needs 0 <= {IndexVariable} < {CountVariable}, got {IndexVariable}={index} and {CountVariable}={count}");
    }

    /// <summary>Parses <c>I/N</c>; throws <see cref="LoadProfileException"/> for anything else.</summary>
    public static AgentShare Parse(string text)
    {
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new AgentShare(index, count);
        }

        throw new LoadProfileException(LoadProfileError.InvalidAgent, $"agent must be I/N with 1 <= I <= N (e.g. 1/4), got '{text}'");
    }

    /// <summary>This agent's part of <paramref name="total"/> (the first <c>total % N</c> agents take one more).</summary>
    public long Split(long total) => (total / Count) + ((Index - 1) < total % Count ? 1 : 0);

    /// <summary>This agent's part of <paramref name="total"/> copies.</summary>
    public int Split(int total) => (int)Split((long)total);

    /// <summary>Whether the 0-based arrival <paramref name="arrivalIndex"/> of the shared schedule is this agent's.</summary>
    public bool Owns(long arrivalIndex) => arrivalIndex % Count == Index - 1;

    /// <summary>The step with this agent's share of its copies (open steps keep the full schedule; see <see cref="Owns"/>).</summary>
    public LoadSimulation Apply(LoadSimulation step) => step switch
    {
        KeepConstant k => k with { Copies = Split(k.Copies) },
        RampingConstant r => r with { Copies = Split(r.Copies) },
        _ => step,
    };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
