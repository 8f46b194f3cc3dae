using Harness.Clients.Redaction;

namespace Harness.Clients.Tests.Redaction;

/// <summary>The one redaction step: an added secret and its escaped forms leave text, whole.</summary>
public sealed class SecretRedactorTests
{
    private const string Key = "sk-redactor-test-0a1b2c3d4e5f+/=";

    static SecretRedactorTests() => SecretRedactor.Add(Key);

    [Fact]
    public void Redact_RemovesTheKeyAndItsBearerForm()
    {
        Assert.Equal("bad key [redacted]!", SecretRedactor.Redact($"bad key {Key}!"));
        Assert.Equal("Authorization: Bearer [redacted]", SecretRedactor.Redact($"Authorization: Bearer {Key}"));
        Assert.True(SecretRedactor.Active);
    }

    [Fact]
    public void Redact_RemovesEscapedForms()
    {
        // What a JSON, HTML or URL writer makes of a key with '+', '/' and '='.
        string json = System.Text.Json.JsonSerializer.Serialize(Key);
        Assert.DoesNotContain("0a1b2c3d4e5f", SecretRedactor.Redact(json), StringComparison.Ordinal);
        Assert.DoesNotContain("0a1b2c3d4e5f", SecretRedactor.Redact(System.Net.WebUtility.HtmlEncode(Key)), StringComparison.Ordinal);
        Assert.DoesNotContain("0a1b2c3d4e5f", SecretRedactor.Redact(Uri.EscapeDataString(Key)), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_Bytes_RemovesTheKey_AndLeavesCleanBytesAlone()
    {
        byte[] clean = System.Text.Encoding.UTF8.GetBytes("second,transport\n1,sse\n");
        Assert.Same(clean, SecretRedactor.Redact(clean));
        byte[] dirty = System.Text.Encoding.UTF8.GetBytes($"a,{Key},b\n");
        Assert.Equal("a,[redacted],b\n", System.Text.Encoding.UTF8.GetString(SecretRedactor.Redact(dirty)));
    }

    [Fact]
    public void Redact_WithAnExplicitSecret_RemovesThatToo()
    {
        Assert.Equal("a [redacted] b", SecretRedactor.Redact("a other-secret-123 b", "other-secret-123"));
        Assert.Null(SecretRedactor.Redact(null, "x"));
    }

    [Theory]
    [InlineData("api-key", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("x-goog-api-key", true)]
    [InlineData("X-Auth-Token", true)]
    [InlineData("Cookie", true)]
    [InlineData("Set-Cookie", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("x-fake-fault", false)]
    public void HeaderNamedAsACredential_ItsValueIsRedactedToo(string name, bool secret)
    {
        string value = $"hdr-{name.ToLowerInvariant()}-0f1e2d3c4b5a69788796";
        var headers = new Dictionary<string, string>();
        EndpointSettings.AddHeader(headers, $"{name}: {value}");
        Assert.Equal(value, headers[name]);
        Assert.Equal(secret ? SecretRedactor.Replacement : value, SecretRedactor.Redact(value));
    }

    [Fact]
    public void CookieHeader_EachCookiesValueIsASecretToo_ButNotShortOnesOrSetCookiesAttributes()
    {
        EndpointSettings.AddHeader(new Dictionary<string, string>(), "Cookie: CF_Authorization=cf-9e8d7c6b5a4f3e2d1c0b; theme=dark; sid=\"sid-0a9b8c7d6e5f\"");
        Assert.Equal("token [redacted] and [redacted]", SecretRedactor.Redact("token cf-9e8d7c6b5a4f3e2d1c0b and sid-0a9b8c7d6e5f"));
        Assert.Equal("theme=dark", SecretRedactor.Redact("theme=dark"));

        EndpointSettings.AddHeader(new Dictionary<string, string>(), "Set-Cookie: gw=gw-1f2e3d4c5b6a7988; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
        Assert.Equal("[redacted]", SecretRedactor.Redact("gw-1f2e3d4c5b6a7988"));
        Assert.Equal("Wed, 21 Oct 2026 07:28:00 GMT", SecretRedactor.Redact("Wed, 21 Oct 2026 07:28:00 GMT"));
    }

    [Fact]
    public void HeaderNamedAsACredential_WithAShortValue_IsNoSecret()
    {
        EndpointSettings.AddHeader(new Dictionary<string, string>(), "x-api-key: short");
        Assert.Equal("short", SecretRedactor.Redact("short"));
    }

    [Fact]
    public void SuspendInThisFlow_LeavesTextAlone_OnlyThere()
    {
        using (SecretRedactor.SuspendInThisFlow())
        {
            Assert.Equal(Key, SecretRedactor.Redact(Key));
        }

        Assert.Equal(SecretRedactor.Replacement, SecretRedactor.Redact(Key));
    }
}
