namespace Harness.Load.Scheduling;

/// <summary>
/// One new connection a measured request opened, for judging whether a pause of the harness
/// lengthened its connect or TLS time: when the connect began (a <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp), how long DNS + TCP + TLS took, and of that the TLS handshake (zero without one).
/// </summary>
internal readonly record struct ConnectSample(long Start, TimeSpan Connect, TimeSpan Tls);
