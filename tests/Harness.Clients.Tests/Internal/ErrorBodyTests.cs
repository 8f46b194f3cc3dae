using System.Text;
using Harness.Clients.Internal;
using Harness.Clients.Redaction;

namespace Harness.Clients.Tests.Internal;

/// <summary>An error body is shown shortened, and redacted before it is shortened.</summary>
public sealed class ErrorBodyTests
{
    private const string Key = "sk-errorbody-clip-9a8b7c6d5e4f";

    static ErrorBodyTests() => SecretRedactor.Add(Key);

    [Fact]
    public void Text_LongBodyWithTheEscapedKeyAcrossTheCut_ShowsNoPartOfIt()
    {
        // The cut (200 characters) falls inside the escaped key: cut first, its start would no longer be a key.
        string echo = @"\u0073\u006b-errorbody-clip-9a8b7c6d5e4f";
        string body = new string('x', 180) + echo + new string('y', 300);
        string? shown = ErrorBody.Text(Encoding.UTF8.GetBytes(body));
        Assert.NotNull(shown);
        Assert.Equal(new string('x', 180) + "[redacted]" + new string('y', 10) + "…", shown);
    }

    [Fact]
    public void Text_ShortBody_IsShownWhole()
    {
        Assert.Equal("upstream unavailable", ErrorBody.Text("upstream unavailable\n"u8));
    }
}
