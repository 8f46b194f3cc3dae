using System.Text;

namespace Harness.Cli.Tests.Commands;

public sealed class SseVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-sse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string content) => WriteFile(Encoding.UTF8.GetBytes(content));

    private string WriteFile(byte[] content)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task Parse_Stdin_PrintsTheIssueExample()
    {
        var (code, output, error) = await CliRunner.RunProcessAsync(
            Encoding.UTF8.GetBytes("data: a\r\ndata: b\rid: 7\n\n"), "sse", "parse", "-");
        Assert.Equal(0, code);
        Assert.Equal("{\"type\":\"message\",\"data\":\"a\\nb\",\"lastEventId\":\"7\"}\n", output);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Parse_File_OneJsonLinePerEventInOrder()
    {
        string path = WriteFile("event: x\ndata: 1\n\n: c\ndata: สวัสดี\nid: 9\n\ndata: unterminated");
        var (code, output, _) = await CliRunner.RunAsync("sse", "parse", path);
        Assert.Equal(0, code);
        Assert.Equal(
            "{\"type\":\"x\",\"data\":\"1\",\"lastEventId\":\"\"}\n{\"type\":\"message\",\"data\":\"สวัสดี\",\"lastEventId\":\"9\"}\n",
            output.ReplaceLineEndings("\n"));
    }

    /// <summary>Without --openai there are no chunks to judge: '--on-malformed fail' was ignored and never failed.</summary>
    [Fact]
    public async Task Parse_OnMalformedWithoutOpenAi_IsAUsageError()
    {
        string path = WriteFile("data: {not json\n\n");
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", "--on-malformed", "fail", path);
        Assert.Equal(string.Empty, output);
        BadResultsDirectory.AssertOneLine(code, error, "--on-malformed applies to decoded chunks: give --openai too");

        var (decoded, _, _) = await CliRunner.RunAsync("sse", "parse", "--openai", "--on-malformed", "fail", path);
        Assert.Equal(ExitCodes.StreamError, decoded);
    }

    [Fact]
    public async Task Parse_MissingFile_Exit2_OneLine()
    {
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", Path.Combine(_dir, "nope"));
        Assert.Equal(string.Empty, output);
        BadResultsDirectory.AssertOneLine(code, error, Path.Combine(_dir, "nope") + "' does not exist");
    }

    /// <summary>A directory is named as one, not the runtime's "Access to the path is denied".</summary>
    [Fact]
    public async Task Parse_Directory_Exit2_SaysItIsADirectory()
    {
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", _dir);
        Assert.Equal(string.Empty, output);
        BadResultsDirectory.AssertOneLine(code, error, _dir + "' is a directory, not a file");
    }

    /// <summary>A malformed chunk says where it broke in the chunk, not System.Text.Json's "LineNumber: 0 | BytePositionInLine: 1".</summary>
    [Fact]
    public async Task Parse_OpenAi_MalformedReason_SaysWhereInTheChunk()
    {
        string path = WriteFile("data: {bad\n\n");
        var (code, output, _) = await CliRunner.RunAsync("sse", "parse", "--openai", path);
        Assert.Equal(0, code);
        Assert.Equal("{\"index\":0,\"malformed\":\"'b' is an invalid start of a property name. Expected a '\\\"' (line 1, column 2)\"}\n", output.ReplaceLineEndings("\n"));

        (code, _, string error) = await CliRunner.RunAsync("sse", "parse", "--openai", "--on-malformed", "fail", path);
        Assert.Equal(3, code);
        Assert.Equal($"harness: {path}: malformed chunk at event 0: 'b' is an invalid start of a property name. Expected a '\"' (line 1, column 2)\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("sse", "parse", "--bogus")]
    [InlineData("sse", "parse", "--max-event-size", "0", "x")]
    [InlineData("sse", "parse", "--max-event-size", "abc", "x")]
    [InlineData("sse", "frobnicate")]
    public async Task Parse_BadUsage_Exit2_OneLine(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Parse_OversizedEvent_Exit3_AfterPrintingEarlierEvents()
    {
        string path = WriteFile("data: ok\n\ndata: " + new string('x', 200) + "\n\ndata: later\n\n");
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", "--max-event-size", "100", path);
        Assert.Equal(3, code);
        Assert.Equal("{\"type\":\"message\",\"data\":\"ok\",\"lastEventId\":\"\"}\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("100-byte limit", error, StringComparison.Ordinal);
        Assert.StartsWith($"harness: {path}: ", error, StringComparison.Ordinal);
        Assert.Contains("byte 10", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OpenAi_PrintsTheDecodedView()
    {
        string path = WriteFile(
            "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n" +
            "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n" +
            "data: {oops\n\n" +
            "data: {\"error\":{\"message\":\"boom\",\"code\":\"x\"}}\n\n" +
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}\n\n" +
            "data: [DONE]\n\n");
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", "--openai", path);
        Assert.Equal(0, code);
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(7, lines.Length);
        Assert.Equal("{\"index\":0,\"role\":\"assistant\"}", lines[0]);
        Assert.Equal("{\"index\":1,\"content\":\"Hi\"}", lines[1]);
        Assert.StartsWith("{\"index\":2,\"malformed\":", lines[2], StringComparison.Ordinal);
        Assert.Equal("{\"index\":3,\"error\":{\"message\":\"boom\",\"code\":\"x\"}}", lines[3]);
        Assert.Equal("{\"index\":4,\"finish_reason\":\"stop\"}", lines[4]);
        Assert.Equal("{\"index\":5,\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}", lines[5]);
        Assert.Equal("{\"index\":6,\"done\":true}", lines[6]);
        Assert.Contains("1 malformed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OpenAi_FailPolicy_Exit3()
    {
        string path = WriteFile("data: {\"choices\":[]}\n\ndata: nope\n\n");
        var (code, output, error) = await CliRunner.RunAsync("sse", "parse", "--openai", "--on-malformed", "fail", path);
        Assert.Equal(3, code);
        Assert.Equal("{\"index\":0}\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("event 1", error, StringComparison.Ordinal);
    }
}
