namespace Harness.Conformance;

/// <summary>
/// What every check of one run shares: the target, one HTTP client, and the standard stream
/// (recorded once, with <c>stream_options.include_usage</c>, and judged by several checks).
/// </summary>
public sealed class ConformanceContext : IDisposable
{
    private readonly Lazy<Task<SseCapture>> _standardStream;

    /// <summary>Creates a context; the HTTP client is owned and disposed with it.</summary>
    public ConformanceContext(ConformanceTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        // No client-wide timeout: each check bounds itself with Target.Timeout.
        Http = new HttpClient(CreateHandler(target, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _standardStream = new Lazy<Task<SseCapture>>(RecordStandardAsync);
    }

    /// <summary>The endpoint under test.</summary>
    public ConformanceTarget Target { get; }

    /// <summary>The client every SSE check uses.</summary>
    public HttpClient Http { get; }

    /// <summary>The standard stream (requested once per run; later callers get the same capture).</summary>
    public Task<SseCapture> StandardStreamAsync() => _standardStream.Value;

    /// <summary>Records one stream with the target's settings, bounded by <see cref="ConformanceTarget.Timeout"/>.</summary>
    public async Task<SseCapture> RecordStreamAsync(bool includeUsage, string? apiKey = null, KeyValuePair<string, string>? extraHeader = null, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Target.Timeout);
        using var request = SseCapture.CreateRequest(Target, includeUsage, apiKey, extraHeader);
        return await SseCapture.RecordAsync(Http, request, cts.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="handler"/> with the target's certificate check, following no redirect and
    /// keeping no cookie: every HTTP client of a run goes through here. A followed redirect would
    /// carry the request, its body and every credential header but Authorization to wherever the
    /// server pointed, and the checks would judge that other server.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(ConformanceTarget target, SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(handler);
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        if (target.CertificateValidation is { } validation)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validation;
        }

        return handler;
    }

    /// <inheritdoc/>
    public void Dispose() => Http.Dispose();

    private Task<SseCapture> RecordStandardAsync() => RecordStreamAsync(includeUsage: true);
}
