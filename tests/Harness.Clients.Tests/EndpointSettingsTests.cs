namespace Harness.Clients.Tests;

/// <summary>A <c>--header</c> (or a scenario's header) that HTTP cannot carry is refused as it is given, not found out as a failed request.</summary>
public sealed class EndpointSettingsTests
{
    [Theory]
    [InlineData("Bad Name: v", "'Bad Name' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")]
    [InlineData("x(y): v", "'x(y)' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")]
    [InlineData("x-a: v\r\nInjected: 1", "the value of header 'x-a' holds a line break or another control character")]
    [InlineData("x-a: v\nInjected: 1", "the value of header 'x-a' holds a line break or another control character")]
    [InlineData("x-a: a\0b", "the value of header 'x-a' holds a line break or another control character")]
    [InlineData("NoColon", "'NoColon' is not 'Name: value'")]
    public void Header_HttpCannotCarry_Refused(string text, string message)
    {
        var headers = new Dictionary<string, string>();
        var ex = Assert.Throws<FormatException>(() => EndpointSettings.AddHeader(headers, text));
        Assert.Equal(message, ex.Message);
        Assert.Empty(headers);
    }

    [Theory]
    [InlineData("x-request-id: abc 123", "x-request-id", "abc 123")]
    [InlineData("X_Odd.Name~1: tab\there", "X_Odd.Name~1", "tab\there")]
    [InlineData("x-empty:", "x-empty", "")]
    public void Header_Valid_Kept(string text, string name, string value)
    {
        var headers = new Dictionary<string, string>();
        EndpointSettings.AddHeader(headers, text);
        Assert.Equal(value, headers[name]);
    }
}
