using CsCheck;

namespace Harness.Clients.Tests;

/// <summary>Whatever extra body text is given, <see cref="RequestBodyFields.Parse"/> gives fields or a <see cref="FormatException"/>.</summary>
public sealed class RequestBodyFieldsPropertyTests
{
    [Fact]
    public void ArbitraryText_FieldsOrFormatException() =>
        ArbitraryInput.Text("""{"temperature":0.2,"top_p":1,"stop":["\n"],"response_format":{"type":"text"}}""", """{"stream":true}""").Sample(
            text =>
            {
                try
                {
                    var fields = RequestBodyFields.Parse(text);
                    Assert.DoesNotContain(fields.Keys, RequestBodyFields.Reserved.Contains);
                }
                catch (FormatException)
                {
                }
            },
            iter: 3000,
            seed: "0N0XIzNsQ0O2");
}
