using System.Net;
using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>How a <see cref="FakeServer"/> starts.</summary>
public sealed record FakeServerOptions
{
    /// <summary>Port of the HTTP/1.1 (and WebSocket) endpoint on 127.0.0.1; 0 picks a free one. The h2c and TLS endpoints always use free ports.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address every endpoint listens on: loopback unless asked (<c>fake serve --listen</c>), for
    /// a fake other machines reach (a pod behind a Service, a network namespace).
    /// </summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Schedule used when a request names none (header <c>x-fake-profile</c> or model <c>fake/…</c> override it key by key).</summary>
    public TokenSchedule Schedule { get; init; } = TokenSchedule.Default;

    /// <summary>Faults applied when a request names none (header <c>x-fake-fault</c> adds to them).</summary>
    public FaultSpec Faults { get; init; } = FaultSpec.None;

    /// <summary>Also serve https and wss with a self-signed certificate made at start-up.</summary>
    public bool Tls { get; init; }

    /// <summary>When set, requests must carry this key (<c>Authorization: Bearer KEY</c>, or <c>api_key</c> in a WebSocket <c>chat.start</c>) or get 401.</summary>
    public string? ApiKey { get; init; }

    /// <summary>When set, every POST to <c>/v1/chat/completions</c> and <c>/v1/responses</c> replays this recording instead of generating a stream.</summary>
    public StreamRecording? Replay { get; init; }

    /// <summary>
    /// True (the default): due streams continue on the scheduler thread itself, and Kestrel sends
    /// inline on the flushing thread, so an event's write reaches the socket without waiting for a
    /// thread-pool thread (which, on a busy 2-core machine, is where most lateness came from).
    /// False: streams continue on the thread pool.
    /// </summary>
    public bool InlineSchedulerContinuations { get; init; } = true;

    /// <summary>
    /// Before <see cref="FakeServer.StartAsync"/> returns, run the fake's own paths against itself
    /// (see <see cref="FakeWarmUp"/>) so the first outside request is served on schedule. Off by
    /// default for tests that start many servers in one process; <c>fake serve</c> and the embedded
    /// fakes of measured runs turn it on.
    /// </summary>
    public bool WarmUp { get; init; }

    /// <summary>
    /// While no outside request is in flight or has come for a whole period, send the fake one
    /// request of its own every <see cref="FakeKeepWarm.Period"/> (see <see cref="FakeKeepWarm"/>), so a
    /// request after a pause is served as promptly as one after another. Off by default;
    /// <c>fake serve</c> and <c>fake replay</c> turn it on.
    /// </summary>
    public bool KeepWarm { get; init; }
}
