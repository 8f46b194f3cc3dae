using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text.Json;
using Harness.Clients.Internal;
using Harness.Clients.WebSockets;

namespace Harness.Clients;

/// <summary>
/// Streams chat answers over WebSocket (<see cref="ClientWebSocket"/>), speaking a
/// <see cref="WebSocketDialect"/> (by default <c>chat.start</c> → <c>content.delta</c>… →
/// <c>chat.done</c> | <c>error</c>), and records a <see cref="RequestTimeline"/>.
/// </summary>
/// <remarks>
/// A connection that ended its turn well goes back to an idle pool and carries the next turn
/// (<see cref="RequestTimeline.ConnectionReused"/>); any other ending closes it. A request with its
/// own <see cref="ChatRequest.Headers"/> gets a fresh connection (the headers travel on the upgrade).
/// New connections are made through a <see cref="SocketsHttpHandler"/> whose connect callback
/// times DNS, TCP and TLS, as for SSE.
/// </remarks>
public sealed class WebSocketChatClient : IChatStreamClient
{
    private readonly ChatClientOptions _options;
    private readonly RemoteCertificateValidationCallback? _certificateValidation;
    private readonly ConcurrentQueue<PooledWebSocket> _idle = new();
    private readonly StartMessageTemplate _start;
    private int _disposed;

    /// <summary>Creates a client for the <c>ws://</c> or <c>wss://</c> URL in <paramref name="options"/>.</summary>
    public WebSocketChatClient(ChatClientOptions options, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"'{options.Endpoint}' is not a ws:// or wss:// URL", nameof(options));
        }

        _options = options;
        _certificateValidation = certificateValidation;
        _start = new StartMessageTemplate(options.WebSocketDialect);
    }

    /// <inheritdoc />
    public Transport Transport => Transport.WebSocket;

    /// <inheritdoc />
    public Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return RetryLoop.RunAsync(_options, Transport, intendedStart, (timeline, ct) => AttemptAsync(request, timeline, observer, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_idle.TryDequeue(out var conn))
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await conn.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
            }

            conn.Dispose();
        }
    }

    private async Task<TimeSpan?> AttemptAsync(ChatRequest request, RequestTimeline timeline, IStreamObserver? observer, CancellationToken cancellationToken)
    {
        var recorder = _options.Recorder;
        if (recorder is not null)
        {
            recorder.Start(timeline.ActualStart);
            recorder.ContentType = "application/x-ndjson";
        }

        using var deadline = new RequestDeadline(_options.Timeouts, timeline.ActualStart, timeline.FirstAttemptStart, cancellationToken);
        PooledWebSocket? conn = null;
        var reusable = false;
        TimeSpan? retryAfter = null;

        // A pooled connection the server closed while it sat idle fails before any message arrives;
        // then (once) the turn goes out again on a fresh connection, within the same attempt.
        for (var pass = 0; pass < 2; pass++)
        {
            var upgraded = false;
            var fromPool = false;
            try
            {
                if (pass == 0 && request.Headers is null && TryTakeIdle(out conn))
                {
                    fromPool = true;
                    timeline.ConnectionReused = true;
                }
                else
                {
                    deadline.Enter(TimeoutPhase.Connect, _options.Timeouts.Connect, Stopwatch.GetTimestamp());
                    conn = await ConnectAsync(request, timeline, deadline.Token).ConfigureAwait(false);
                    timeline.ResponseHeaders = Stopwatch.GetTimestamp();
                    timeline.HttpStatus = 101;
                }

                upgraded = true;
                deadline.Enter(TimeoutPhase.FirstToken, _options.Timeouts.FirstToken, Stopwatch.GetTimestamp());
                conn.SendBuffer.ResetWrittenCount();
                _start.Write(conn.SendBuffer, request, _options.WebSocketDialect.ApiKeyInUpgradeHeader ? null : _options.ApiKey);
                await conn.Socket.SendAsync(conn.SendBuffer.WrittenMemory, WebSocketMessageType.Text, true, deadline.Token).ConfigureAwait(false);
                timeline.RequestWritten = Stopwatch.GetTimestamp();
                reusable = await ReadTurnAsync(conn, timeline, deadline, observer, recorder).ConfigureAwait(false);
            }
            catch (UpgradeFailedException ex)
            {
                timeline.Outcome = RequestOutcome.HttpError;
                timeline.HttpStatus = ex.Status;
                timeline.ResponseHeaders = Stopwatch.GetTimestamp();
                timeline.ErrorMessage = $"HTTP {ex.Status}: WebSocket upgrade refused{TransportErrorText.Redirect(ex.Status, ex.Location is null ? null : [ex.Location], _options.ApiKey)}";
                retryAfter = ex.RetryAfter;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Classify(ex, timeline, deadline, cancellationToken, upgraded, _options.Endpoint);
            }

            if (fromPool && timeline.ChunkCount == 0 && timeline.Outcome == RequestOutcome.WebSocketClosed && deadline.Fired == TimeoutPhase.None)
            {
                conn?.Dispose();
                conn = null;
                timeline.ResetAttempt();
                if (recorder is not null)
                {
                    recorder.Start(timeline.ActualStart);
                    recorder.ContentType = "application/x-ndjson";
                }

                continue;
            }

            break;
        }

        if (timeline.End == 0)
        {
            timeline.End = Stopwatch.GetTimestamp();
        }

        if (conn is not null)
        {
            if (reusable && request.Headers is null && conn.Socket.State == WebSocketState.Open && _disposed == 0)
            {
                _idle.Enqueue(conn);
            }
            else
            {
                conn.Dispose();
            }
        }

        return retryAfter;
    }

    private bool TryTakeIdle(out PooledWebSocket conn)
    {
        while (_idle.TryDequeue(out conn!))
        {
            if (conn.Socket.State == WebSocketState.Open)
            {
                return true;
            }

            conn.Dispose();
        }

        return false;
    }

    private async Task<PooledWebSocket> ConnectAsync(ChatRequest request, RequestTimeline timeline, CancellationToken ct)
    {
        var probe = new ConnectProbe(timeline);
        var invoker = new HttpMessageInvoker(ConnectionTiming.CreateHandler(_options.Endpoint, _options, _ => probe, _certificateValidation), disposeHandler: true);
        var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version11;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        if (_options.WebSocketDialect.ApiKeyInUpgradeHeader && _options.ApiKey is { Length: > 0 } key)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }

        if (request.Headers is not null)
        {
            foreach (var (name, value) in request.Headers)
            {
                socket.Options.SetRequestHeader(name, value);
            }
        }

        try
        {
            await socket.ConnectAsync(_options.Endpoint, invoker, ct).ConfigureAwait(false);
        }
        catch (WebSocketException) when (socket.HttpStatusCode is var status && status != 0 && status != HttpStatusCode.SwitchingProtocols)
        {
            var retryAfter = socket.HttpResponseHeaders is { } headers && headers.TryGetValue("Retry-After", out var values)
                ? RetryDelay.Parse(values.FirstOrDefault(), DateTimeOffset.UtcNow)
                : null;
            var location = socket.HttpResponseHeaders is { } all && all.TryGetValue("Location", out var where) ? where.FirstOrDefault() : null;
            socket.Dispose();
            invoker.Dispose();
            throw new UpgradeFailedException((int)status, retryAfter, location);
        }
        catch
        {
            socket.Dispose();
            invoker.Dispose();
            throw;
        }

        socket.HttpResponseHeaders = null;
        return new PooledWebSocket(socket, invoker, _options.MaxMessageSize);
    }

    /// <summary>Reads one turn; true when it ended well and the connection can carry another.</summary>
    private async Task<bool> ReadTurnAsync(PooledWebSocket conn, RequestTimeline timeline, RequestDeadline deadline, IStreamObserver? observer, StreamRecorder? recorder)
    {
        using var decoder = new WebSocketMessageDecoder(_options.WebSocketDialect);
        var reader = conn.Reader;
        var token = deadline.Token;
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            var at = Stopwatch.GetTimestamp();
            if (timeline.FirstByte == 0)
            {
                timeline.FirstByte = at;
            }

            if (recorder is not null)
            {
                recorder.Add(at, reader.Message);
                recorder.Add(at, "\n"u8);
            }

            StreamSteps.OnEvent(timeline, deadline, at);
            if (reader.MessageType == WebSocketMessageType.Binary)
            {
                // The protocol says text: a binary frame is one malformed message, not decoded as well
                // (that would count it twice when its bytes are not JSON either).
                timeline.MalformedCount++;
                timeline.ErrorMessage ??= "a binary frame where the protocol sends JSON text";
                continue;
            }

            switch (StreamSteps.OnTypedEvent(decoder, reader.Message, timeline, deadline, at, observer))
            {
                case StreamEventKind.Done:
                    return true;
                case StreamEventKind.Error:
                    timeline.Outcome = RequestOutcome.ServerError;
                    timeline.ErrorMessage = decoder.ErrorCode is null ? decoder.ErrorMessage ?? "error" : $"{decoder.ErrorMessage} ({decoder.ErrorCode})";
                    timeline.ErrorCode = decoder.ErrorCode;
                    timeline.End = at;
                    return false;
            }
        }

        // The peer sent a close frame mid-turn.
        timeline.End = Stopwatch.GetTimestamp();
        timeline.Outcome = RequestOutcome.WebSocketClosed;
        timeline.WebSocketCloseCode = reader.CloseStatus is { } status ? (int)status : WebSocketCloseCodes.NoStatusReceived;
        timeline.ErrorMessage = $"WebSocket closed ({timeline.WebSocketCloseCode}{(string.IsNullOrEmpty(reader.CloseStatusDescription) ? string.Empty : ": " + reader.CloseStatusDescription)}) before {_options.WebSocketDialect.DoneType}";
        return false;
    }

    private static void Classify(Exception ex, RequestTimeline timeline, RequestDeadline deadline, CancellationToken caller, bool upgraded, Uri endpoint)
    {
        if (StreamSteps.TryClassifyStop(ex, timeline, deadline, caller))
        {
            return;
        }

        switch (ex)
        {
            case WebSocketMessageTooLargeException:
                timeline.Outcome = RequestOutcome.Malformed;
                timeline.MalformedCount++;
                timeline.ErrorMessage = ex.Message;
                return;
            case WebSocketException or IOException when upgraded:
                // Dropped without a close frame: RFC 6455's abnormal closure.
                timeline.Outcome = RequestOutcome.WebSocketClosed;
                timeline.WebSocketCloseCode = WebSocketCloseCodes.AbnormalClosure;
                timeline.ErrorMessage = $"connection dropped without a close frame: {TransportErrorText.Describe(ex, endpoint)}";
                return;
            case WebSocketException or HttpRequestException or OperationCanceledException when !upgraded && ExceptionText.HasInner<TimeoutException>(ex):
                StreamSteps.ConnectTimedOut(timeline, deadline.Timeouts);
                return;
            default:
                timeline.Outcome = upgraded ? RequestOutcome.WebSocketClosed : RequestOutcome.ConnectError;
                if (upgraded)
                {
                    timeline.WebSocketCloseCode = WebSocketCloseCodes.AbnormalClosure;
                }

                timeline.ErrorMessage = TransportErrorText.Describe(ex, endpoint);
                return;
        }
    }

    /// <summary>The server answered the upgrade with a status other than 101.</summary>
    private sealed class UpgradeFailedException(int status, TimeSpan? retryAfter, string? location) : Exception($"WebSocket upgrade refused with HTTP {status}")
    {
        public int Status { get; } = status;

        public TimeSpan? RetryAfter { get; } = retryAfter;

        /// <summary>The answer's Location header (a redirect's target), or null.</summary>
        public string? Location { get; } = location;
    }
}
