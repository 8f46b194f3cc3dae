namespace Harness.Load;

/// <summary>
/// Hears a run as it is recorded, for live views of a long run (the CLI's <c>--metrics-port</c>
/// serves them to Prometheus). Only the measured window is reported, exactly what the results hold.
/// </summary>
public interface ILoadObserver
{
    /// <summary>A series starts recording; returns what hears its requests (called once per series).</summary>
    ISeriesObserver SeriesStarted(string transport, string loadPoint);
}
