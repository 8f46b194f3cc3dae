using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// Hears one series' measured requests at the moment the engine records them, with the values it
/// records: latencies from the same origin (the intended start, in the open model) and the same
/// engine lag. Called under the series' recording lock: implementations must be quick and never block.
/// </summary>
public interface ISeriesObserver
{
    /// <summary>A measured request starts.</summary>
    void RequestStarted();

    /// <summary>A measured request ended with <paramref name="outcome"/> after receiving <paramref name="tokens"/> tokens.</summary>
    void RequestEnded(RequestOutcome outcome, long tokens);

    /// <summary>A request's time to first token, as recorded in the <c>ttft</c> histogram.</summary>
    void TimeToFirstToken(TimeSpan ttft);

    /// <summary>One gap between two content arrivals, as recorded in the <c>itl</c> histogram.</summary>
    void InterTokenGap(TimeSpan gap);

    /// <summary>A sample of the engine's scheduling lag (the <c>start_delay</c> histogram).</summary>
    void StartLag(TimeSpan lag);

    /// <summary>A sample of how late a socket read was handled (the <c>read_delay</c> histogram).</summary>
    void ReadLag(TimeSpan lag);
}
