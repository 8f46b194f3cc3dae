using Harness.Reports.JUnit;

namespace Harness.Reports.Tests.JUnit;

public sealed class JUnitWriterTests
{
    [Fact]
    public void Write_ValidatesAgainstTheJUnitSchema_AndCountsEveryOutcome()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("junit-").FullName, "out.xml");
        JUnitWriter.Write(path, "verify", [
            new JUnitCase("verify.sse.c10", "ttft p95 < 50ms", JUnitOutcome.Passed),
            new JUnitCase("verify.sse.c10", "errors < 1%", JUnitOutcome.Failed, "errors = 50%", "evidence\nline two"),
            new JUnitCase("verify.ws.c10", "e2e p99.9 < 1s", JUnitOutcome.Error, "too few samples"),
            new JUnitCase("conformance.ws", "ws.ping", JUnitOutcome.Skipped, "no --ws-url"),
            // Text a server may send: control characters XML 1.0 forbids must not break the file.
            new JUnitCase("conformance.sse", "sse.bad\u0001name", JUnitOutcome.Failed, "bad byte \u0000 here", "<&>\"'"),
        ]);

        var doc = JUnitFile.Validate(path);
        var cases = JUnitFile.Cases(doc);
        Assert.Equal(5, cases.Count);
        var suite = doc.Root!.Element("testsuite")!;
        Assert.Equal("5", suite.Attribute("tests")!.Value);
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        Assert.Equal("1", suite.Attribute("errors")!.Value);
        Assert.Equal("1", suite.Attribute("skipped")!.Value);
        Assert.Equal("errors = 50%", cases[1].Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("evidence\nline two", cases[1].Element("failure")!.Value);
        Assert.NotNull(cases[3].Element("skipped"));
    }

    [Fact]
    public void Validate_RejectsAFileTheSchemaForbids()
    {
        // The validator is not a rubber stamp: a testcase without a name fails it.
        string path = Path.Combine(Directory.CreateTempSubdirectory("junit-").FullName, "bad.xml");
        File.WriteAllText(path, "<testsuites><testsuite name=\"x\" tests=\"1\"><testcase classname=\"c\"/></testsuite></testsuites>");
        Assert.Throws<System.Xml.Schema.XmlSchemaValidationException>(() => JUnitFile.Validate(path));
    }
}
