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
}
