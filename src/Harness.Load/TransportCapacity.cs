using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// What a <see cref="CapacitySearch"/> found for one transport: the largest load point that held
/// (no harness saturation, no errors, the endpoint kept pace), or null when none did; the load
/// point it stopped at and why.
/// </summary>
/// <param name="Transport">The transport.</param>
/// <param name="Held">The largest load point that held.</param>
/// <param name="StoppedAt">The load point that did not hold; null when every one held.</param>
/// <param name="Stop">Why the search stopped.</param>
/// <param name="Reference">The first load point, against whose tokens per second per stream "kept pace" is judged.</param>
public sealed record TransportCapacity(Transport Transport, LoadSeriesRun? Held, LoadSeriesRun? StoppedAt = null, CapacityStop Stop = CapacityStop.None, LoadSeriesRun? Reference = null);
