using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// What a <see cref="CapacitySearch"/> found for one transport: the largest load point that held
/// (no harness saturation, no errors), or null when none did.
/// </summary>
public sealed record TransportCapacity(Transport Transport, LoadSeriesRun? Held);
