using CsCheck;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>Whatever results.json and histograms.hlog hold, <see cref="ResultsDirectory.Read"/> gives results or an <see cref="InvalidDataException"/>.</summary>
public sealed class ResultsDirectoryPropertyTests
{
    [Fact]
    public void ArbitraryFiles_ResultsOrInvalidData()
    {
        string root = Path.Combine(Path.GetTempPath(), "harness-results-props", Guid.NewGuid().ToString("N"));
        string valid = ResultsFixture.Write(Path.Combine(root, "valid"));
        byte[] json = File.ReadAllBytes(Path.Combine(valid, ResultsDirectory.ResultsFile));
        byte[] hlog = File.ReadAllBytes(Path.Combine(valid, ResultsDirectory.HistogramsFile));
        try
        {
            Gen.Select(ArbitraryInput.Bytes(json, "{}"u8.ToArray(), "{"u8.ToArray()), ArbitraryInput.Bytes(hlog), Gen.Bool).Sample(
                sample =>
                {
                    string dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(dir);
                    File.WriteAllBytes(Path.Combine(dir, ResultsDirectory.ResultsFile), sample.Item1);
                    File.WriteAllBytes(Path.Combine(dir, ResultsDirectory.HistogramsFile), sample.Item3 ? sample.Item2 : hlog);
                    try
                    {
                        var (results, _) = ResultsDirectory.Read(dir);
                        Assert.NotNull(results.Series);
                    }
                    catch (InvalidDataException ex)
                    {
                        Assert.StartsWith(dir, ex.Message, StringComparison.Ordinal);
                    }
                    finally
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                },
                iter: 1500,
                seed: "0N0XIzNsQ0O2");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
