using CsCheck;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>Whatever results.json and histograms.hlog hold, <see cref="ResultsDirectory.Read"/> gives results or an <see cref="InvalidDataException"/>.</summary>
public sealed class ResultsDirectoryPropertyTests
{
    [Fact]
    public void ArbitraryFiles_ResultsOrInvalidData()
    {
        using var root = new TempDirectory();
        string valid = ResultsFixture.Write(Path.Combine(root.Path, "valid"));
        byte[] json = File.ReadAllBytes(Path.Combine(valid, ResultsDirectory.ResultsFile));
        byte[] hlog = File.ReadAllBytes(Path.Combine(valid, ResultsDirectory.HistogramsFile));
        Gen.Select(ArbitraryInput.Bytes(json, "{}"u8.ToArray(), "{"u8.ToArray()), ArbitraryInput.Bytes(hlog), Gen.Bool).Sample(
            sample =>
            {
                using var dir = new TempDirectory(root.Path);
                File.WriteAllBytes(Path.Combine(dir.Path, ResultsDirectory.ResultsFile), sample.Item1);
                File.WriteAllBytes(Path.Combine(dir.Path, ResultsDirectory.HistogramsFile), sample.Item3 ? sample.Item2 : hlog);
                try
                {
                    var (results, _) = ResultsDirectory.Read(dir.Path);
                    Assert.NotNull(results.Series);
                }
                catch (InvalidDataException ex)
                {
                    Assert.StartsWith(dir.Path, ex.Message, StringComparison.Ordinal);
                }
            },
            iter: 1500,
            seed: "0N0XIzNsQ0O2");
    }
}
