using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Text.Json;
using Harness.Clients.Internal;
using Harness.Clients.Internal.Http11;
using Harness.Clients.Redaction;
using Harness.Core.OpenAI;
using Harness.Core.Sse;

namespace Harness.Clients;

/// <summary>
/// Streams chat answers over Server-Sent Events (HTTP/1.1, or HTTP/2 — h2c with prior knowledge on
/// plain http) in the chat-completions or Responses dialect, recording a <see cref="RequestTimeline"/>.
/// </summary>
/// <remarks>
/// Hot path: the body is read with <see cref="SseReader"/> straight from the response stream and
/// decoded with <see cref="ChatChunkDecoder"/> (or the Responses decoder); a content token costs
/// no allocation. Thread-safe. HTTP/1.1 with no proxy in the way goes on the harness's own pooled
/// connections (<c>Internal/Http11</c>), or with <see cref="ChatClientOptions.DirectConnection"/> on
/// one of its own per request; HTTP/2, and a proxied endpoint, through one <see cref="SocketsHttpHandler"/>.
/// </remarks>
public sealed class SseChatClient : IChatStreamClient
{
    /// <summary>
    /// A body at least this large may be over a server's limit: a connection cut while it is sent then
    /// says so. For a smaller one that hint would most likely be wrong, so the cut is left to speak for itself.
    /// </summary>
    private const int LargeBody = 64 * 1024;

    private readonly ChatClientOptions _options;
    private readonly HttpMessageInvoker _http;
    private readonly Uri _endpoint;
    private readonly Version _version;
    private readonly SseReaderOptions _sseOptions;
    private readonly RemoteCertificateValidationCallback? _certificateValidation;
    private readonly string? _authorization; // "Bearer KEY", made once

    /// <summary>Requests go on connections of their own (<see cref="ChatClientOptions.DirectConnection"/>), not through <see cref="_http"/>.</summary>
    private readonly bool _direct;

    /// <summary>
    /// HTTP/1.1 with no proxy in the way, not direct: requests go on the harness's own pooled
    /// connections, whose body reads allocate nothing per token; null: through <see cref="_http"/>.
    /// </summary>
    private readonly Http11ConnectionPool? _pool;

    /// <summary>Requests go on the harness's own HTTP/1.1 connections, direct or pooled.</summary>
    private bool OwnConnections => _direct || _pool is not null;

    /// <summary>Creates a client; <paramref name="http2"/> selects HTTP/2 (exact; h2c prior knowledge on http).</summary>
    public SseChatClient(ChatClientOptions options, bool http2 = false, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _endpoint = ResolveEndpoint(options.Endpoint, options.SseDialect);
        _version = http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        Transport = http2 ? Transport.SseHttp2 : Transport.Sse;
        _sseOptions = new SseReaderOptions { MaxEventSize = options.MaxMessageSize, LeaveOpen = true };
        _certificateValidation = certificateValidation;
        _authorization = options.ApiKey is { Length: > 0 } key ? "Bearer " + key : null;
        bool ownHttp11 = !http2 && Http11Connection.Applies(_endpoint);
        _direct = options.DirectConnection && ownHttp11;
        _pool = ownHttp11 && !_direct ? new Http11ConnectionPool(_endpoint, certificateValidation) : null;
        _http = new HttpMessageInvoker(
            ConnectionTiming.CreateHandler(_endpoint, options, ProbedRequestMessage.Of, certificateValidation),
            disposeHandler: true);
    }

    /// <inheritdoc />
    public Transport Transport { get; }

    /// <summary>The URL requests are posted to.</summary>
    public Uri RequestUri => _endpoint;

    /// <summary>
    /// The URL to post to: a base URL with or without <c>/v1</c> gets <c>/v1/chat/completions</c>
    /// (or <c>/v1/responses</c>); a URL already ending in either is kept.
    /// </summary>
    public static Uri ResolveEndpoint(Uri baseUrl, SseDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseUrl}' is not an http:// or https:// URL", nameof(baseUrl));
        }

        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal) || path.EndsWith("/responses", StringComparison.Ordinal))
        {
            return baseUrl;
        }

        if (!path.EndsWith("/v1", StringComparison.Ordinal))
        {
            path += "/v1";
        }

        path += dialect == SseDialect.Responses ? "/responses" : "/chat/completions";
        return new UriBuilder(baseUrl) { Path = path, Query = baseUrl.Query.TrimStart('?') }.Uri;
    }

    /// <summary>The JSON body for <paramref name="request"/> in <paramref name="dialect"/> (always <c>"stream": true</c>).</summary>
    public static byte[] BuildBody(ChatRequest request, SseDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model"u8, request.Model);
            w.WritePropertyName(dialect == SseDialect.Responses ? "input"u8 : "messages"u8);
            ChatRequestJson.WriteMessages(w, request.Messages);
            w.WriteBoolean("stream"u8, true);
            if (dialect == SseDialect.ChatCompletions && request.IncludeUsage && !RequestBodyFields.Has(request.BodyFields, "stream_options"))
            {
                w.WriteStartObject("stream_options"u8);
                w.WriteBoolean("include_usage"u8, true);
                w.WriteEndObject();
            }

            if (request.MaxTokens is int max && !RequestBodyFields.Has(request.BodyFields, dialect == SseDialect.Responses ? "max_output_tokens" : "max_tokens"))
            {
                w.WriteNumber(dialect == SseDialect.Responses ? "max_output_tokens"u8 : "max_tokens"u8, max);
            }

            ChatRequestJson.WriteExtraFields(w, request.ExtraBodyFields);
            RequestBodyFields.Write(w, request.BodyFields);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = BuildBody(request, _options.SseDialect);
        return RetryLoop.RunAsync(_options, Transport, intendedStart, (timeline, ct) => AttemptAsync(request, body, timeline, observer, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _pool?.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<TimeSpan?> AttemptAsync(ChatRequest request, byte[] body, RequestTimeline timeline, IStreamObserver? observer, CancellationToken cancellationToken)
    {
        var probe = new ConnectProbe(timeline);
        var recorder = _options.Recorder;
        recorder?.Start(timeline.ActualStart);
        using var deadline = new RequestDeadline(_options.Timeouts, timeline.ActualStart, timeline.FirstAttemptStart, cancellationToken);
        deadline.Enter(TimeoutPhase.FirstToken, _options.Timeouts.FirstToken, timeline.ActualStart);
        using var message = new ProbedRequestMessage(HttpMethod.Post, _endpoint, probe)
        {
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new TimedBodyContent(body, timeline),
        };
        // Added unparsed: the same bytes on the wire, with no header objects made per request.
        message.Headers.TryAddWithoutValidation("Accept", EventStreamHeaders.MediaType);
        // Events as the server sent them: a compressed body would be buffered by the compressor and decoded here.
        message.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
        if (_authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        if (request.Headers is not null)
        {
            foreach (var (name, value) in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage? response = null;
        TimeSpan? retryAfter = null;
        try
        {
            response = OwnConnections
                ? await SendOwnAsync(message, probe, timeline, deadline).ConfigureAwait(false)
                : await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            timeline.ResponseHeaders = Stopwatch.GetTimestamp();
            timeline.ConnectionReused = !probe.Connected;
            timeline.HttpStatus = (int)response.StatusCode;
            if (recorder is not null)
            {
                recorder.Status = (int)response.StatusCode;
                recorder.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            }

            if (!response.IsSuccessStatusCode)
            {
                timeline.Outcome = RequestOutcome.HttpError;
                retryAfter = response.Headers.TryGetValues("Retry-After", out var values)
                    ? RetryDelay.Parse(values.FirstOrDefault(), DateTimeOffset.UtcNow)
                    : null;
                var location = response.Headers.TryGetValues("Location", out var locations) ? locations : null;
                timeline.ErrorMessage = $"HTTP {(int)response.StatusCode}: {await ErrorBody.ReadAsync(response, recorder, deadline.Token).ConfigureAwait(false)}{TransportErrorText.Redirect((int)response.StatusCode, location, _options.ApiKey)}";
                return retryAfter;
            }

            if (EventStreamHeaders.WrongMediaType(response.Content.Headers.ContentType?.MediaType) is { } mediaType)
            {
                timeline.Outcome = RequestOutcome.BadContentType;
                timeline.UnexpectedMediaType = SecretRedactor.Redact(mediaType, _options.ApiKey);
                timeline.ErrorMessage = $"the server answered {mediaType}, not {EventStreamHeaders.MediaType}: {await ErrorBody.ReadAsync(response, recorder, deadline.Token).ConfigureAwait(false)}";
                return null;
            }

            if (EventStreamHeaders.Coding(response.Content.Headers.ContentEncoding) is { } coding)
            {
                timeline.Outcome = RequestOutcome.ContentEncoding;
                timeline.UnexpectedContentEncoding = SecretRedactor.Redact(coding, _options.ApiKey);
                timeline.ErrorMessage = $"the body is {coding}-encoded although identity was asked for; events are read as sent, not decoded";
                return null;
            }

            var raw = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var stream = new TimedReadStream(raw, timeline, recorder, TimedReadStream.ZeroByteReadHelps(response, OwnConnections));
            using var sse = new SseReader(stream, _sseOptions);
            if (_options.SseDialect == SseDialect.Responses)
            {
                await ReadResponsesAsync(sse, stream, timeline, deadline, observer).ConfigureAwait(false);
            }
            else
            {
                await ReadChatCompletionsAsync(sse, stream, timeline, deadline, observer).ConfigureAwait(false);
            }

            if (timeline.SawDone && !_direct)
            {
                await ResponseTail.DrainAsync(stream, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Classify(ex, timeline, deadline, body.Length, cancellationToken);
        }
        finally
        {
            response?.Dispose();
            if (timeline.End == 0)
            {
                timeline.End = Stopwatch.GetTimestamp();
            }
        }

        return retryAfter;
    }

    /// <summary>
    /// Sends on the harness's own HTTP/1.1 connection: an idle pooled one, or a new one (made on this
    /// thread when direct). A reused connection that fails before any byte of a response was closed
    /// by the server while idle: the request then goes once more on a new connection, as
    /// SocketsHttpHandler retries it.
    /// </summary>
    private async Task<HttpResponseMessage> SendOwnAsync(HttpRequestMessage message, ConnectProbe probe, RequestTimeline timeline, RequestDeadline deadline)
    {
        Action written = () => timeline.RequestWritten = Stopwatch.GetTimestamp();
        if (_pool is not null && _pool.TryTake(out var idle))
        {
            try
            {
                return await idle.SendAsync(message, written, deadline.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (!idle.ReceivedAny && !deadline.Token.IsCancellationRequested)
            {
                // Closed while idle (SendAsync closed it too): a new connection follows.
            }
        }

        deadline.Enter(TimeoutPhase.Connect, _options.Timeouts.Connect, timeline.ActualStart);
        var connection = _pool is not null
            ? await _pool.OpenAsync(probe, deadline.Token).ConfigureAwait(false)
            : await Http11Connection.OpenAsync(_endpoint, probe, _certificateValidation, deadline.Token).ConfigureAwait(false);
        deadline.Enter(TimeoutPhase.FirstToken, _options.Timeouts.FirstToken, timeline.ActualStart);
        return await connection.SendAsync(message, written, deadline.Token).ConfigureAwait(false);
    }

    private static async Task ReadChatCompletionsAsync(SseReader sse, TimedReadStream stream, RequestTimeline timeline, RequestDeadline deadline, IStreamObserver? observer)
    {
        using var decoder = new ChatChunkDecoder();
        var token = deadline.Token;
        bool otherDialect = false;
        while (await sse.ReadAsync(token).ConfigureAwait(false))
        {
            var at = stream.LastRead;
            StreamSteps.OnEvent(timeline, deadline, at);
            otherDialect = otherDialect || (timeline.ContentDeltaCount == 0 && DialectMismatch.IsResponsesEvent(sse.Data));
            switch (decoder.Decode(sse.Data))
            {
                case ChatChunkKind.Done:
                    StreamSteps.OnDone(timeline, at, null);
                    return;
                case ChatChunkKind.Malformed:
                    timeline.MalformedCount++;
                    break;
                case ChatChunkKind.Error:
                    timeline.Outcome = RequestOutcome.ServerError;
                    timeline.ErrorMessage = Describe(decoder.Error!);
                    timeline.ErrorCode = decoder.Error!.Code;
                    break;
                default:
                    // One chunk may carry content, reasoning, a finish reason and usage at once.
                    if (decoder.HasContent)
                    {
                        StreamSteps.OnContent(timeline, deadline, at, decoder.ContentUtf8, observer);
                    }

                    if (decoder.HasReasoning)
                    {
                        StreamSteps.OnReasoning(timeline, at, decoder.ReasoningUtf8, observer);
                    }

                    if (decoder.FinishReason is { } finish)
                    {
                        timeline.FinishReason = finish;
                    }

                    if (decoder.Usage is { } usage)
                    {
                        timeline.Usage = usage;
                    }

                    break;
            }
        }

        timeline.End = stream.LastRead;
        StreamSteps.EndedWithoutDone(timeline, otherDialect && timeline.ContentDeltaCount == 0 ? DialectMismatch.ResponsesInChat : "stream ended without data: [DONE]");
    }

    private static async Task ReadResponsesAsync(SseReader sse, TimedReadStream stream, RequestTimeline timeline, RequestDeadline deadline, IStreamObserver? observer)
    {
        using var decoder = new ResponsesEventDecoder();
        var token = deadline.Token;
        bool otherDialect = false;
        while (await sse.ReadAsync(token).ConfigureAwait(false))
        {
            var at = stream.LastRead;
            StreamSteps.OnEvent(timeline, deadline, at);
            otherDialect = otherDialect || (timeline.ContentDeltaCount == 0 && DialectMismatch.IsChatChunk(sse.Data));
            switch (StreamSteps.OnTypedEvent(decoder, sse.Data, timeline, deadline, at, observer))
            {
                case StreamEventKind.Done:
                    timeline.FinishReason = "completed";
                    return;
                case StreamEventKind.Error:
                    timeline.Outcome = RequestOutcome.ServerError;
                    timeline.ErrorMessage = decoder.ErrorMessage ?? "the server sent an error event";
                    break;
                case StreamEventKind.Incomplete:
                    timeline.FinishReason = "incomplete";
                    timeline.ErrorMessage = "the server marked the response incomplete";
                    break;
            }
        }

        timeline.End = stream.LastRead;
        StreamSteps.EndedWithoutDone(timeline, otherDialect && timeline.ContentDeltaCount == 0 ? DialectMismatch.ChatInResponses : "stream ended without response.completed");
    }

    private static string Describe(ChatError error) =>
        error.Code is null ? error.Message : $"{error.Message} ({error.Code})";

    private void Classify(Exception ex, RequestTimeline timeline, RequestDeadline deadline, int bodyLength, CancellationToken caller)
    {
        if (StreamSteps.TryClassifyStop(ex, timeline, deadline, caller))
        {
            return;
        }

        switch (ex)
        {
            case SseEventTooLargeException:
                timeline.Outcome = RequestOutcome.Malformed;
                timeline.MalformedCount++;
                timeline.ErrorMessage = ex.Message; // kept on one line, escaped, by the timeline
                return;
            case HttpRequestException or OperationCanceledException when ExceptionText.HasInner<TimeoutException>(ex) && timeline.ResponseHeaders == 0:
                StreamSteps.ConnectTimedOut(timeline, _options.Timeouts);
                return;
            case HttpRequestException when timeline.ResponseHeaders == 0 && timeline.RequestWritten == 0 && (timeline.TcpConnectDuration is not null || timeline.ConnectionReused) && TransportErrorText.IsConnectionCut(ex):
                // Connected, then cut off mid-request: "connection reset" alone would send the user
                // looking at the network when, for a large body, a server limit on it is the likelier cause.
                timeline.Outcome = RequestOutcome.ConnectError;
                timeline.ErrorMessage = $"the connection broke while the request was being sent ({TransportErrorText.Describe(ex)})"
                    + (bodyLength >= LargeBody ? $": a request this large ({bodyLength / 1024} KiB) may be over the server's limit" : string.Empty);
                return;
            case HttpRequestException when timeline.ResponseHeaders == 0:
                // No working exchange: no connection, a failed TLS handshake, a protocol the server
                // would not speak, or an answer that is not HTTP; the message says which.
                timeline.Outcome = RequestOutcome.ConnectError;
                timeline.ErrorMessage = TransportErrorText.Describe(ex, _endpoint);
                return;
            default:
                // After the headers: the body broke off (reset, closed, RST_STREAM).
                timeline.Outcome = timeline.ResponseHeaders == 0 ? RequestOutcome.ConnectError : RequestOutcome.Truncated;
                timeline.ErrorMessage = TransportErrorText.Describe(ex, _endpoint);
                return;
        }
    }
}
