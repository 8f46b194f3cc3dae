using Harness.Fakes;

namespace Harness.Clients.Tests;

public sealed class TlsTimingTests
{
    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Tls_handshake_is_measured_on_a_new_connection(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Tls = true });
        var thumbprint = server.Certificate!.GetCertHashString();
        await using var client = ChatStreamClientFactory.Create(
            transport,
            new ChatClientOptions { Endpoint = transport == Transport.WebSocket ? server.WssUrl! : server.HttpsBaseUrl! },
            (_, cert, _, _) => cert?.GetCertHashString() == thumbprint);
        var first = await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi"));
        Assert.Equal(RequestOutcome.Ok, first.Outcome);
        Assert.False(first.ConnectionReused);
        Assert.NotNull(first.TlsHandshakeDuration);
        Assert.True(first.TlsHandshakeDuration > TimeSpan.Zero);
        var second = await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi"));
        Assert.True(second.ConnectionReused);
        Assert.Null(second.TlsHandshakeDuration);
    }

    [Fact]
    public async Task Untrusted_certificate_is_a_connect_error()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Tls = true });
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpsBaseUrl!, Retry = RetryOptions.None });
        var t = await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi"));
        Assert.Equal("connect_error", OutcomeNames.Describe(t));
    }
}
