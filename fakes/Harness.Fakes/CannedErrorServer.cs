using System.Globalization;
using System.Net;
using System.Net.Sockets;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Harness.Fakes;

/// <summary>
/// WireMock.Net stubs for canned HTTP error answers, on their own 127.0.0.1 port: every
/// <c>POST {BaseUrlFor(status)}/chat/completions</c> (and <c>/responses</c>) answers that status with
/// an OpenAI-style JSON error body (429 adds <c>Retry-After</c>). For clients that take a base URL
/// and cannot send the <c>x-fake-fault</c> header. Statuses: 400, 401, 403, 404, 429, 500, 502, 503.
/// WireMock fits these single-answer stubs; streams and load go to <see cref="FakeServer"/>.
/// </summary>
public sealed class CannedErrorServer : IDisposable
{
    /// <summary>The statuses stubbed.</summary>
    public static IReadOnlyList<int> Statuses { get; } = [400, 401, 403, 404, 429, 500, 502, 503];

    private readonly WireMockServer _server;

    private CannedErrorServer(WireMockServer server, Uri baseUrl)
    {
        _server = server;
        BaseUrl = baseUrl;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Seconds sent in <c>Retry-After</c> with 429.</summary>
    public int RetryAfterSeconds { get; private init; }

    /// <summary>Starts the stubs on a free loopback port.</summary>
    public static CannedErrorServer Start(int retryAfterSeconds = 1)
    {
        var port = FreeLoopbackPort();
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{port}"],
            StartAdminInterface = false,
        });
        foreach (var status in Statuses)
        {
            foreach (var path in new[] { "chat/completions", "responses" })
            {
                var response = Response.Create()
                    .WithStatusCode(status)
                    .WithHeader("Content-Type", "application/json")
                    .WithBody(OpenAiErrors.ForStatus(status));
                if (status == 429)
                {
                    response = response.WithHeader("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                }

                server.Given(Request.Create().WithPath($"/{status}/v1/{path}").UsingPost()).RespondWith(response);
            }
        }

        return new CannedErrorServer(server, new Uri($"http://127.0.0.1:{port}")) { RetryAfterSeconds = retryAfterSeconds };
    }

    /// <summary>The OpenAI-style base URL (ending in <c>/v1</c>) whose calls all answer <paramref name="status"/>.</summary>
    public Uri BaseUrlFor(int status) =>
        Statuses.Contains(status) ? new Uri($"{BaseUrl.ToString().TrimEnd('/')}/{status}/v1") : throw new ArgumentOutOfRangeException(nameof(status), status, "not a stubbed status");

    /// <summary>Stops the stubs.</summary>
    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
