using Harness.Core;

namespace Harness.Load.Scheduling;

/// <summary>
/// One new connection a measured request opened, for judging whether a pause of the harness
/// lengthened its connect or TLS time: when the connect began (a <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp), how long DNS + TCP + TLS took, and of that the TLS handshake (zero without one).
/// </summary>
internal readonly record struct ConnectSample(long Start, TimeSpan Connect, TimeSpan Tls)
{
    /// <summary>When the connection became usable (its handshake done), as a timestamp.</summary>
    public long End => Start + StopwatchTicks.From(Connect);

    /// <summary>When its TLS handshake began (the connect's last part), as a timestamp.</summary>
    public long TlsStart => Start + StopwatchTicks.From(Connect - Tls);
}
