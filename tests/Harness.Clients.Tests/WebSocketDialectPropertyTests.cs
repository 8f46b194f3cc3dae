using CsCheck;

namespace Harness.Clients.Tests;

/// <summary>Whatever a dialect file holds, <see cref="WebSocketDialect.Load"/> gives a dialect or its own <see cref="FormatException"/>.</summary>
public sealed class WebSocketDialectPropertyTests
{
    private static readonly string[] s_samples =
    [
        """{"start":{"type":"go","model":"$model","messages":"$messages"},"api_key_in_upgrade_header":true,"type_field":"kind","delta_type":"token","delta_field":"text","reasoning_type":null,"done_type":"end","error_type":"err","usage_field":"usage","error_message_field":"message","error_code_field":"code"}""",
        """{"delta_type":"chat.delta","done_type":"chat.done"}""",
        "{}",
    ];

    [Fact]
    public void ArbitraryFile_ADialectOrFormatException()
    {
        using var dir = new TempDirectory();
        ArbitraryInput.Bytes([.. s_samples.Select(System.Text.Encoding.UTF8.GetBytes)]).Sample(
            bytes =>
            {
                string path = Path.Combine(dir.Path, Guid.NewGuid().ToString("N") + ".json");
                File.WriteAllBytes(path, bytes);
                try
                {
                    var dialect = WebSocketDialect.Load(path);
                    Assert.False(string.IsNullOrEmpty(dialect.DeltaType));
                }
                catch (FormatException)
                {
                }
                finally
                {
                    File.Delete(path);
                }
            },
            iter: 2000,
            seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Load_AKeyThatIsNotUtf8_FormatException()
    {
        // Found by the property above: a key name that is not UTF-8 threw InvalidOperationException.
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllBytes(path, [.. "{\"de"u8, 0xED, .. "lta_type\":\"x\"}"u8]);
        try
        {
            var ex = Assert.Throws<FormatException>(() => WebSocketDialect.Load(path));
            Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
