using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Harness.Clients;

namespace Harness.Clients.Tests;

/// <summary>
/// <see cref="TransportErrorText.IsPermanentConnectFailure"/> reads the lines <see cref="TransportErrorText.Describe"/>
/// writes: pinned on Describe's own output, so rewording one without the other fails here.
/// </summary>
public sealed class TransportErrorTextTests
{
    private static readonly Uri s_endpoint = new("https://127.0.0.1:9/v1");

    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new HttpRequestException("x", new SocketException((int)SocketError.HostNotFound)), true },
        { new HttpRequestException("x", new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")), true },
        { new HttpRequestException("x", new AuthenticationException("Cannot determine the frame size or a corrupted frame was received.")), true },
        { new HttpRequestException("x", new AuthenticationException("RemoteCertificateNameMismatch")), true },
        { new HttpRequestException("x", new SocketException((int)SocketError.ConnectionReset)), false },
        { new HttpRequestException("x", new SocketException((int)SocketError.TimedOut)), false },
        { new HttpRequestException("x", new SocketException((int)SocketError.TryAgain)), false },
        { new HttpRequestException("x", new SocketException((int)SocketError.HostUnreachable)), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void PermanentConnectFailure_ReadFromDescribesOwnWords(Exception failure, bool permanent)
    {
        string line = TransportErrorText.Describe(failure, s_endpoint);
        Assert.True(permanent == TransportErrorText.IsPermanentConnectFailure(line), line);
    }

    // SocketsHttpHandler's chain when an h2c server's close overtakes its HTTP_1_1_REQUIRED frame.
    private static HttpRequestException HandshakeCut(Exception ended) => new(
        "An error occurred while sending the request.",
        new HttpIOException(HttpRequestError.InvalidResponse, "An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake.", ended));

    [Fact]
    public void AnHttp2HandshakeTheServerEnded_SaysSoAsTheRefusedH2cDoes_AndIsPermanentOnH2c()
    {
        foreach (var ended in new Exception[]
        {
            new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely while waiting for the next frame from the server."),
            new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)),
        })
        {
            string h2c = TransportErrorText.Describe(HandshakeCut(ended), new Uri("http://127.0.0.1:9/v1"));
            Assert.Equal("the server does not speak HTTP/2 without TLS (h2c) there: it ended the connection before the HTTP/2 handshake completed", h2c);
            Assert.True(TransportErrorText.IsPermanentConnectFailure(h2c));
            Assert.Equal("the server ended the connection before the HTTP/2 handshake completed", TransportErrorText.Describe(HandshakeCut(ended), s_endpoint));
        }
    }
}
