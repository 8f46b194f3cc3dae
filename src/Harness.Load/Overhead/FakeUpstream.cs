using System.Net.Security;
using System.Text.Json;
using Harness.Clients;
using Harness.Core.Schedule;

namespace Harness.Load.Overhead;

/// <summary>
/// When the upstream is the harness's own fake, its schedule is the truth both paths are measured
/// against: the fake serves its default at <c>GET /v1/fake/schedule</c>, and a request's model name
/// (<c>fake/ttft=…</c>) or <c>x-fake-profile</c> header applies keys over it, as the fake does.
/// </summary>
public static class FakeUpstream
{
    /// <summary>The fake's model name, and the prefix of one carrying a schedule.</summary>
    public const string ModelName = "fake";

    /// <summary>The same, with the system's certificate checks.</summary>
    public static Task<TokenSchedule?> TryReadScheduleAsync(Uri endpoint, ChatRequest request, CancellationToken cancellationToken) =>
        TryReadScheduleAsync(endpoint, request, null, cancellationToken);

    /// <summary>
    /// The schedule <paramref name="request"/> gets from the fake at <paramref name="endpoint"/>, or
    /// null when the request does not name the fake's model (a real provider is never asked) or the
    /// endpoint does not answer like the fake. <paramref name="certificateValidation"/> is the run's own
    /// (<c>--insecure</c>), so a fake with a self-signed certificate still gives its schedule.
    /// </summary>
    public static async Task<TokenSchedule?> TryReadScheduleAsync(Uri endpoint, ChatRequest request, RemoteCertificateValidationCallback? certificateValidation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Model != ModelName && !request.Model.StartsWith(ModelName + "/", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificateValidation } };
            using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(3) };
            string json = await http.GetStringAsync(ScheduleUrl(endpoint), cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(json);
            var schedule = TokenSchedule.Parse(doc.RootElement.GetProperty("schedule").GetString() ?? string.Empty);
            if (request.Headers?.FirstOrDefault(h => string.Equals(h.Key, "x-fake-profile", StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } profile)
            {
                schedule = TokenSchedule.Parse(profile, schedule);
            }

            return request.Model.Length > ModelName.Length ? TokenSchedule.Parse(request.Model[(ModelName.Length + 1)..], schedule) : schedule;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // not the fake (or not reachable): the figures stand without a truth beside them
        }
    }

    /// <summary><c>http(s)://host:port/v1/fake/schedule</c> for any endpoint URL of the fake (http, https, ws, wss).</summary>
    public static Uri ScheduleUrl(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string scheme = endpoint.Scheme is "wss" or "https" ? "https" : "http";
        return new UriBuilder(scheme, endpoint.Host, endpoint.Port, "/v1/fake/schedule").Uri;
    }
}
