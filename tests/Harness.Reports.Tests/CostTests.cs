using Harness.Reports.Cost;

namespace Harness.Reports.Tests;

public sealed class CostTests
{
    [Fact]
    public void OneMillionTokensAtEightDollarsPerMillion_CostsEightDollars()
    {
        var cost = CostEstimate.Compute("m", "m", new ModelPrice { InputPerMillion = 2, OutputPerMillion = 8 }, 0, 1_000_000);
        Assert.Equal(8.0, cost.TotalCost);
        Assert.Equal(8.0, cost.OutputCost);
        Assert.Equal(0.0, cost.InputCost);
        Assert.Equal(8.0, cost.CostPerMillionTokens);
    }

    [Fact]
    public void InputAndOutput_ArePricedSeparately_AndPerMillionIsTheBlend()
    {
        // 500k input at $2/M = $1; 250k output at $8/M = $2; $3 for 750k tokens = $4 per million.
        var cost = CostEstimate.Compute("m", "m", new ModelPrice { InputPerMillion = 2, OutputPerMillion = 8 }, 500_000, 250_000);
        Assert.Equal(1.0, cost.InputCost, 12);
        Assert.Equal(2.0, cost.OutputCost, 12);
        Assert.Equal(3.0, cost.TotalCost, 12);
        Assert.Equal(4.0, cost.CostPerMillionTokens!.Value, 12);
    }

    [Fact]
    public void PriceTable_MatchesExactThenLongestPrefixThenStar()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "gpt-4o": { "inputPerMillion": 2.5, "outputPerMillion": 10 },
              "fake/*": { "inputPerMillion": 0, "outputPerMillion": 8 },
              "fake/ttft=*": { "inputPerMillion": 0, "outputPerMillion": 9 },
              "*": { "inputPerMillion": 1, "outputPerMillion": 1 } }
            """);
        var table = PriceTable.Load(path);
        Assert.Equal("gpt-4o", table.Find("gpt-4o")!.Value.Key);
        Assert.Equal(9, table.Find("fake/ttft=100,itl=20")!.Value.Price.OutputPerMillion);
        Assert.Equal(8, table.Find("fake/other")!.Value.Price.OutputPerMillion);
        Assert.Equal("*", table.Find("claude")!.Value.Key);
    }

    /// <summary>A negative price, or one past any real one: 1e400 read as infinity, and the report crashed writing its JSON, half written.</summary>
    [Theory]
    [InlineData("-1")]
    [InlineData("1e400")]
    [InlineData("2e9")]
    public void PriceTable_PriceOutOfRange_IsAClearError(string price)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, $"{{ \"m\": {{ \"inputPerMillion\": {price}, \"outputPerMillion\": 1 }} }}");
        var ex = Assert.Throws<InvalidDataException>(() => PriceTable.Load(path));
        Assert.Equal($"price table '{path}': 'm' needs inputPerMillion and outputPerMillion from 0 to 1e9 dollars", ex.Message);
        Assert.Throws<InvalidDataException>(() => PriceTable.Load(path + ".missing"));
    }

    /// <summary>A misspelt or missing price is refused, not read as $0; a missing file or a directory is said plainly.</summary>
    [Theory]
    [InlineData("{ \"m\": { \"inputPerMilion\": 1, \"outputPerMillion\": 2 } }", "unknown key \"inputPerMilion\" in $.m (line 1) (did you mean \"inputPerMillion\"?); known: inputPerMillion, outputPerMillion")]
    [InlineData("{ \"m\": { \"inputPerMillion\": 1 } }", "missing \"outputPerMillion\" in $.m")]
    [InlineData("{ \"m\": { \"outputPerMillion\": 1 } }", "missing \"inputPerMillion\" in $.m")]
    [InlineData("{ \"m\": { \"inputPerMillion\": \"x\", \"outputPerMillion\": 1 } }", "$.m.inputPerMillion is not a number (line 1)")]
    [InlineData("[]", "it is not a JSON object (line 1)")]
    [InlineData("{ \"m\": { \"inputPerMillion\": 1, \"outputPerMillion\": 2 }, \"m\": { \"inputPerMillion\": 0, \"outputPerMillion\": 0 } }", "$.m is given twice (line 1): give each key once")]
    [InlineData("{ \"m\": { \"inputPerMillion\": 1, \"inputPerMillion\": 0, \"outputPerMillion\": 2 } }", "\"inputPerMillion\" is given twice in $.m (line 1): give each key once")]
    public void PriceTable_WrongKeys_AreRefusedByName(string json, string said)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, json);
        var ex = Assert.Throws<InvalidDataException>(() => PriceTable.Load(path));
        Assert.Equal($"price table '{path}' is not one: {said}", ex.Message);
    }

    [Fact]
    public void PriceTable_MissingFileOrDirectory_SaysWhich()
    {
        string dir = Directory.CreateTempSubdirectory("prices-").FullName;
        Assert.Equal($"price table '{dir}' is a directory, not a file", Assert.Throws<InvalidDataException>(() => PriceTable.Load(dir)).Message);
        string missing = Path.Combine(dir, "nope.json");
        Assert.Equal($"price table '{missing}' does not exist", Assert.Throws<InvalidDataException>(() => PriceTable.Load(missing)).Message);
        Directory.Delete(dir);
    }
}
