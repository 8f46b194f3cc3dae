using Harness.Clients.Redaction;

namespace Harness.Clients.Tests;

/// <summary>
/// An endpoint URL with <c>user:password@</c> is refused without showing the password; credential-like
/// query values are shown redacted, become secrets when long, and still go out as given.
/// </summary>
public sealed class EndpointUrlTests
{
    [Theory]
    [InlineData("https://alice:pw-0f9e8d7c6b@api.example.com/v1")]
    [InlineData("https://alice:pw-0f9e8d7c6b@api.example.com:8443/v1?x=1")]
    [InlineData("wss://:pw-0f9e8d7c6b@api.example.com/ws")]
    [InlineData("https://pw-0f9e8d7c6b@api.example.com/")]
    public void Accept_UrlWithCredentials_IsRefused_WithoutThePassword(string url)
    {
        var ex = Assert.Throws<FormatException>(() => EndpointUrl.Accept(new Uri(url)));
        Assert.Contains("carries credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("api.example.com", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-0f9e8d7c6b", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("api_key")]
    [InlineData("API-KEY")]
    [InlineData("apikey")]
    [InlineData("Token")]
    [InlineData("access_token")]
    [InlineData("auth")]
    [InlineData("sig")]
    [InlineData("Signature")]
    [InlineData("secret")]
    [InlineData("password")]
    [InlineData("code")]
    [InlineData("api%5Fkey")]
    public void ForDisplay_CredentialQueryValue_IsRedacted_OthersKept(string name)
    {
        var url = new Uri($"https://gw.example.com/v1/chat/completions?deployment=gpt&{name}=q-5a4b3c2d1e&api-version=2024-06-01");
        string shown = EndpointUrl.ForDisplay(url);
        // Uri shows an escaped unreserved character ('%5F') plainly.
        Assert.Equal($"https://gw.example.com/v1/chat/completions?deployment=gpt&{name.Replace("%5F", "_", StringComparison.Ordinal)}=[redacted]&api-version=2024-06-01", shown);
    }

    [Theory]
    [InlineData("https://gw.example.com/v1?keyword=abc&tokens=5", "https://gw.example.com/v1?keyword=abc&tokens=5")]
    [InlineData("https://gw.example.com/v1#access_token=t-1a2b3c4d5e", "https://gw.example.com/v1#access_token=[redacted]")]
    [InlineData("https://gw.example.com/v1?sig=", "https://gw.example.com/v1?sig=[redacted]")]
    [InlineData("http://u:p/w@ho st/v1?token=x", "http://[redacted]@ho st/v1?token=[redacted]")] // text that is no URL, as an error shows it
    public void ForDisplay_Text(string url, string expected) => Assert.Equal(expected, EndpointUrl.ForDisplay(url));

    [Fact]
    public void Accept_LongCredentialQueryValue_BecomesASecret_AndTheUrlIsKept()
    {
        const string value = "sv-7e6d5c4b3a29";
        var url = new Uri($"https://gw.example.com/v1?sig={value}&n=1");
        Assert.Same(url, EndpointUrl.Accept(url));
        Assert.Contains(value, url.ToString(), StringComparison.Ordinal);
        Assert.Equal("echo [redacted] back", SecretRedactor.Redact($"echo {value} back"));
    }

    [Fact]
    public void Accept_ShortCredentialQueryValue_IsNoSecret_ButIsShownRedacted()
    {
        var url = new Uri("https://gw.example.com/v1?code=42");
        EndpointUrl.Accept(url);
        Assert.Equal("code 42", SecretRedactor.Redact("code 42"));
        Assert.Equal("https://gw.example.com/v1?code=[redacted]", EndpointUrl.ForDisplay(url));
    }
}
