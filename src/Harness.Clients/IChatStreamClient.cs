namespace Harness.Clients;

/// <summary>
/// Streams chat answers over one transport and records a <see cref="RequestTimeline"/> for each,
/// so every later feature (stream, selfcheck, load, conformance) treats transports alike.
/// </summary>
/// <remarks>
/// Implementations never throw for what the server or network does (errors, drops, timeouts):
/// that is recorded as the timeline's <see cref="RequestTimeline.Outcome"/>. They throw only for
/// programming errors. They are safe to call concurrently; connections are pooled, so a second
/// request may reuse a warm connection (<see cref="RequestTimeline.ConnectionReused"/>).
/// </remarks>
public interface IChatStreamClient : IAsyncDisposable
{
    /// <summary>The transport this client uses.</summary>
    Transport Transport { get; }

    /// <summary>
    /// Streams one answer. <paramref name="intendedStart"/> is the scheduled start
    /// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), or 0 for "now";
    /// <paramref name="observer"/>, if given, sees each content delta as it arrives.
    /// </summary>
    Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default);
}
