using System.Text;
using Harness.Conformance;

namespace Harness.Conformance.Tests;

/// <summary>Evidence says what the server did in plain words, and quotes its bytes escaped, in the table, the Markdown and the JSON alike.</summary>
public sealed class PlainEvidenceTests
{
    [Fact]
    public async Task A_refused_connection_is_named_with_where_and_no_exception_type()
    {
        using var refused = new RefusedPort();
        int port = refused.Port;
        var target = new ConformanceTarget { ChatCompletionsUrl = new Uri($"http://127.0.0.1:{port}/v1/chat/completions"), Timeout = TimeSpan.FromSeconds(5) };
        var result = await Targets.RunOneAsync(target, "sse.status");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains($"connection refused (127.0.0.1:{port})", result.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_bytes_from_the_server_are_escaped_in_every_form_of_the_report()
    {
        byte[] body = [0x00, 0x01, 0x1b, (byte)'[', (byte)'2', (byte)'J', (byte)'b', (byte)'o', (byte)'o', (byte)'m'];
        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        using var server = new ScriptedServer([.. head, .. body]);
        var target = new ConformanceTarget { ChatCompletionsUrl = new Uri(server.BaseUrl, "v1/chat/completions"), Timeout = TimeSpan.FromSeconds(5) };
        var report = await ConformanceRunner.RunAsync(target, [Targets.Check("sse.status")]);
        var result = Assert.Single(report.Results);
        Assert.Contains("\\x00\\x01\\x1b[2Jboom", result.Evidence, StringComparison.Ordinal);
        foreach (var text in new[] { report.ToTable(), report.ToMarkdown(), report.ToJson() })
        {
            Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\n' or '\r'));
        }
    }
}
