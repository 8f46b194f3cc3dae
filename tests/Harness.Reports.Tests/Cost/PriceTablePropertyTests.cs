using System.Text;
using CsCheck;
using Harness.Reports.Cost;

namespace Harness.Reports.Tests.Cost;

/// <summary>Whatever a price file holds, <see cref="PriceTable.Load"/> gives a table or an <see cref="InvalidDataException"/>.</summary>
public sealed class PriceTablePropertyTests
{
    private const string Sample = """
        { "gpt-4o": { "inputPerMillion": 2.5, "outputPerMillion": 10 }, "fake/*": { "inputPerMillion": 0, "outputPerMillion": 8 },
          "*": { "inputPerMillion": 1, "outputPerMillion": 1 } }
        """;

    [Fact]
    public void ArbitraryFile_ATableOrInvalidData()
    {
        using var dir = new TempDirectory();
        ArbitraryInput.Bytes(Encoding.UTF8.GetBytes(Sample), "{\"m\":null}"u8.ToArray()).Sample(
            bytes =>
            {
                string path = Path.Combine(dir.Path, Guid.NewGuid().ToString("N") + ".json");
                File.WriteAllBytes(path, bytes);
                try
                {
                    var table = PriceTable.Load(path);
                    _ = table.Find("gpt-4o");
                    _ = table.Find("fake/x");
                }
                catch (InvalidDataException)
                {
                }
                finally
                {
                    File.Delete(path);
                }
            },
            iter: 1500,
            seed: "0N0XIzNsQ0O2");
    }
}
