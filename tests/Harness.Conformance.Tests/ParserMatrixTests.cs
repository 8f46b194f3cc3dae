using System.Text;
using Harness.Conformance.Parsers;

namespace Harness.Conformance.Tests;

public sealed class ParserMatrixTests
{
    private static readonly ParserMatrix s_matrix = ParserMatrix.Run();

    [Fact]
    public void HarnessReader_KeepsEveryRule_WholeAndSplit() =>
        Assert.Empty(s_matrix.Broken(new HarnessSseReaderAdapter().Name));

    [Theory]
    [InlineData("multi-line-data")]
    [InlineData("no-space-after-colon")]
    [InlineData("event-type")]
    [InlineData("id-persists")]
    [InlineData("unterminated-event-discarded")]
    public void NaiveLineReader_BreaksTheRulesItIgnores(string caseId) =>
        Assert.False(s_matrix.Get(caseId, new NaiveDataLineAdapter().Name).Ok);

    [Theory]
    [InlineData("basic")]
    [InlineData("crlf")]
    [InlineData("comment")]
    public void NaiveLineReader_KeepsTheSimpleRules(string caseId) =>
        Assert.True(s_matrix.Get(caseId, new NaiveDataLineAdapter().Name).Ok);

    [Fact]
    public void EveryCase_HasAnExpectationTheReferenceParserAgreesWith()
    {
        // An independent check of the expectations: System.Net's parser agrees on every case
        // except the ones the matrix lists it as breaking, and those must be few.
        var broken = s_matrix.Broken(new SystemNetSseParserAdapter().Name);
        Assert.InRange(broken.Count, 0, 5);
        Assert.Equal(SseRuleCases.All.Count, SseRuleCases.All.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void OneByteReads_CatchAParserThatOnlyWorksOnWholeBuffers()
    {
        var matrix = ParserMatrix.Run([new SingleReadAdapter()]);
        var basic = matrix.Get("basic", "single-read");
        Assert.True(basic.WholeOk);
        Assert.False(basic.SplitOk);
        Assert.Equal("✗ (1-byte reads)", basic.Cell);
    }

    [Fact]
    public void AUserAdapter_ShowsUpAsAColumn()
    {
        var matrix = ParserMatrix.Run([new HarnessSseReaderAdapter(), new SingleReadAdapter()]);
        Assert.Contains("| rule | harness SseReader | single-read |", matrix.ToMarkdown(), StringComparison.Ordinal);
    }

    /// <summary>A broken parser: one Read call, as if the whole body always came in one piece.</summary>
    private sealed class SingleReadAdapter : ISseParserAdapter
    {
        public string Name => "single-read";

        public IReadOnlyList<ParsedEvent> Parse(Stream stream)
        {
            var buffer = new byte[1 << 20];
            var n = stream.Read(buffer);
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Where(block => block.StartsWith("data: ", StringComparison.Ordinal) && !block.Contains('\n', StringComparison.Ordinal))
                .Select(block => ParsedEvent.Message(block[6..]))];
        }
    }
}
