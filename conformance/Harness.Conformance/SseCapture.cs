using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Harness.Clients;
using Harness.Clients.Redaction;
using Harness.Core.Sse;

namespace Harness.Conformance;

/// <summary>
/// One raw streaming chat-completions exchange as seen on the wire: status, headers, every event with
/// its arrival time, and the body bytes. Reading stops at the end of the body, on error or on timeout.
/// </summary>
public sealed class SseCapture
{
    private const int MaxErrorBodyChars = 4096;

    /// <summary>HTTP status code (0 when the request itself failed).</summary>
    public int Status { get; private init; }

    /// <summary>The <c>Content-Type</c> header, or null.</summary>
    public string? ContentType { get; private init; }

    /// <summary>The <c>Content-Encoding</c> header (codings joined by commas), or null.</summary>
    public string? ContentEncoding { get; private init; }

    /// <summary>
    /// Why a 200 body cannot be read as an event stream, from its headers: a media type other than
    /// <c>text/event-stream</c>, or a content coding; null when neither (or not a 200).
    /// </summary>
    public string? HeaderProblem =>
        Status != 200 ? null
        : Harness.Clients.EventStreamHeaders.WrongMediaType(ContentType?.Split(';')[0]) is { } media ? $"Content-Type {media}, not {Harness.Clients.EventStreamHeaders.MediaType}"
        : Harness.Clients.EventStreamHeaders.Coding(ContentEncoding?.Split(',')) is { } coding ? $"Content-Encoding {coding}: the body is compressed, no event can be read from it"
        : null;

    /// <summary>The <c>Retry-After</c> header as sent, or null.</summary>
    public string? RetryAfter { get; private init; }

    /// <summary>When the response headers arrived, from the start of the request.</summary>
    public TimeSpan HeadersAt { get; private init; }

    /// <summary>Every dispatched event, in order.</summary>
    public IReadOnlyList<CapturedEvent> Events { get; private init; } = [];

    /// <summary>The body bytes read (for a non-200 answer: empty; see <see cref="ErrorBody"/>).</summary>
    public byte[] Body { get; private init; } = [];

    /// <summary>For a non-200 answer: the body text (at most 4096 characters).</summary>
    public string? ErrorBody { get; private init; }

    /// <summary>Why the request or read ended abnormally (exception message), or null for a clean end of body.</summary>
    public string? Failure { get; private init; }

    /// <summary>When reading ended, from the start of the request.</summary>
    public TimeSpan EndedAt { get; private init; }

    /// <summary>The events that are not <c>[DONE]</c>.</summary>
    public IEnumerable<CapturedEvent> ChunkEvents => Events.Where(e => !e.IsDone);

    /// <summary>Builds the standard streaming request body the SSE checks send.</summary>
    public static string RequestBody(string model, bool includeUsage)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", "Count from 1 to 40, one number per line, nothing else.");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("stream", true);
            if (includeUsage)
            {
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Builds the POST the SSE checks send (auth from the target unless <paramref name="apiKey"/> overrides it).</summary>
    public static HttpRequestMessage CreateRequest(ConformanceTarget target, bool includeUsage, string? apiKey = null, KeyValuePair<string, string>? extraHeader = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var request = new HttpRequestMessage(HttpMethod.Post, target.ChatCompletionsUrl)
        {
            Content = new StringContent(RequestBody(target.Model, includeUsage), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var key = apiKey ?? target.ApiKey;
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in target.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (extraHeader is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }

        return request;
    }

    /// <summary>Sends <paramref name="request"/> and records the answer until the body ends (or <paramref name="ct"/> fires).</summary>
    public static async Task<SseCapture> RecordAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        var start = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return new SseCapture { Failure = Describe(ex, request.RequestUri, ct), EndedAt = Stopwatch.GetElapsedTime(start) };
        }

        using (response)
        {
            var headersAt = Stopwatch.GetElapsedTime(start);
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.ToString();
            var contentEncoding = response.Content.Headers.ContentEncoding.Count == 0 ? null : string.Join(",", response.Content.Headers.ContentEncoding);
            var retryAfter = response.Headers.TryGetValues("Retry-After", out var ra) ? string.Join(",", ra) : null;
            if (status != 200)
            {
                string? errorBody = null;
                string? failure = null;
                try
                {
                    var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    errorBody = SecretRedactor.RedactThenClip(text, MaxErrorBodyChars);
                    if (TransportErrorText.Redirect(status, response.Headers.Location is { } location ? [location.OriginalString] : null, null) is { Length: > 0 } redirect)
                    {
                        errorBody = errorBody.Length == 0 ? redirect.TrimStart(';', ' ') : errorBody + redirect;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                {
                    failure = Describe(ex, request.RequestUri, ct);
                }

                return new SseCapture { Status = status, ContentType = contentType, ContentEncoding = contentEncoding, RetryAfter = retryAfter, HeadersAt = headersAt, ErrorBody = errorBody, Failure = failure, EndedAt = Stopwatch.GetElapsedTime(start) };
            }

            var events = new List<CapturedEvent>();
            string? readFailure = null;
            var body = new RecordingStream(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            await using (body.ConfigureAwait(false))
            {
                using var reader = new SseReader(body, new SseReaderOptions { LeaveOpen = true });
                try
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        events.Add(new CapturedEvent(reader.EventType, reader.GetDataString(), reader.LastEventId, Stopwatch.GetElapsedTime(start), reader.BytesConsumed));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or SseEventTooLargeException)
                {
                    readFailure = Describe(ex, request.RequestUri, ct);
                }

                return new SseCapture
                {
                    Status = status,
                    ContentType = contentType,
                    ContentEncoding = contentEncoding,
                    RetryAfter = retryAfter,
                    HeadersAt = headersAt,
                    Events = events,
                    Body = body.Recorded,
                    Failure = readFailure,
                    EndedAt = Stopwatch.GetElapsedTime(start),
                };
            }
        }
    }

    /// <summary>A one-line summary for evidence when a capture could not be judged.</summary>
    public string DescribeProblem() =>
        Status == 0 ? $"request failed: {Failure}"
        : Status != 200 ? $"HTTP {Status} instead of a stream: {OneLine(ErrorBody ?? "")}"
        : HeaderProblem is { } problem ? $"{problem} ({Events.Count} events)"
        : Failure is not null ? $"stream broke after {Events.Count} events: {Failure}"
        : $"{Events.Count} events";

    /// <summary>Shortens text to one line of at most 160 characters, redacted before it is cut.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = text.ReplaceLineEndings(" ").Trim();
        string redacted = SecretRedactor.Redact(flat);
        return redacted.Length > 160 ? redacted[..157] + "..." : redacted;
    }

    private static string Describe(Exception ex, Uri? endpoint, CancellationToken ct) =>
        ex is OperationCanceledException && ct.IsCancellationRequested ? "timed out" : OneLine(Harness.Clients.TransportErrorText.Describe(ex, endpoint));
}
