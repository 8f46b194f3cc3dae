using System.Text;
using CsCheck;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

/// <summary>Whatever verdicts.json holds, <see cref="VerdictFile.Read"/> gives a file whose verdicts can be listed, or an <see cref="InvalidDataException"/>.</summary>
public sealed class VerdictFilePropertyTests
{
    private const string Sample = """
        { "createdUtc": "2026-01-01T00:00:00+00:00", "overall": "met", "method": "bootstrap",
          "verdicts": [ { "claim": "ttft p99 < 1s", "metric": "ttft", "percentile": 99, "thresholdMs": 1000, "unit": "ms",
                          "transport": "sse", "loadPoint": "c1", "status": "met", "reason": "r", "estimate": 12.5 } ] }
        """;

    [Fact]
    public void ArbitraryFile_VerdictsOrInvalidData()
    {
        using var root = new TempDirectory();
        ArbitraryInput.Bytes(Encoding.UTF8.GetBytes(Sample), "{}"u8.ToArray(), "{\"verdicts\":null}"u8.ToArray()).Sample(
            bytes =>
            {
                using var dir = new TempDirectory(root.Path);
                File.WriteAllBytes(Path.Combine(dir.Path, VerdictFile.FileName), bytes);
                try
                {
                    var file = VerdictFile.Read(dir.Path)!;
                    Assert.All(file.Verdicts, v => Assert.NotNull(v));
                }
                catch (InvalidDataException)
                {
                }
            },
            iter: 1500,
            seed: "0N0XIzNsQ0O2");
    }

    [Theory]
    [InlineData("{\"verdicts\":null}")]
    [InlineData("{\"verdicts\":[null]}")]
    [InlineData("{\"method\":null}")]
    public void Read_JsonNulls_InvalidData(string json)
    {
        // Found by the property above: a null list passed the serializer and reached the report.
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, VerdictFile.FileName), json);
        Assert.Throws<InvalidDataException>(() => VerdictFile.Read(dir.Path));
    }
}
