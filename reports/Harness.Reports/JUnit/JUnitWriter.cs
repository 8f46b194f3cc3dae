using System.Globalization;
using System.Text;
using System.Xml;

namespace Harness.Reports.JUnit;

/// <summary>
/// Writes JUnit XML (the <c>testsuites</c> form CI systems read: GitHub Actions reporters, GitLab,
/// Jenkins, Azure Pipelines), one suite per call, for <c>conformance</c>, <c>verify</c>, threshold
/// runs and <c>diff</c>. Characters XML 1.0 forbids are replaced, so any server text is safe to embed.
/// </summary>
public static class JUnitWriter
{
    /// <summary>Writes <paramref name="cases"/> as one suite named <paramref name="suite"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, string suite, IReadOnlyList<JUnitCase> cases, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(cases);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        // Through AtomicFile like every results file: whole or not at all, and redacted (a check's
        // evidence may quote what a server sent).
        Harness.Load.Results.AtomicFile.Write(path, stream => Write(stream, suite, cases, timestamp ?? DateTimeOffset.UtcNow));
    }

    /// <summary>Writes the XML to <paramref name="output"/>.</summary>
    public static void Write(Stream output, string suite, IReadOnlyList<JUnitCase> cases, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(cases);
        int failures = cases.Count(c => c.Outcome == JUnitOutcome.Failed);
        int errors = cases.Count(c => c.Outcome == JUnitOutcome.Error);
        int skipped = cases.Count(c => c.Outcome == JUnitOutcome.Skipped);
        string tests = cases.Count.ToString(CultureInfo.InvariantCulture);
        string time = Seconds(cases.Sum(c => c.Seconds));
        using var w = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true });
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", Clean(suite));
        WriteCounts(w, tests, failures, errors, skipped, time);
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", Clean(suite));
        WriteCounts(w, tests, failures, errors, skipped, time);
        w.WriteAttributeString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        foreach (var c in cases)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("name", Clean(c.Name));
            w.WriteAttributeString("classname", Clean(c.ClassName));
            w.WriteAttributeString("time", Seconds(c.Seconds));
            string? element = c.Outcome switch
            {
                JUnitOutcome.Failed => "failure",
                JUnitOutcome.Error => "error",
                JUnitOutcome.Skipped => "skipped",
                _ => null,
            };
            if (element is not null)
            {
                w.WriteStartElement(element);
                if (c.Message is not null)
                {
                    w.WriteAttributeString("message", Clean(c.Message));
                }

                if (c.Outcome != JUnitOutcome.Skipped)
                {
                    w.WriteAttributeString("type", c.Outcome == JUnitOutcome.Failed ? "NotMet" : "Inconclusive");
                    if (c.Details is not null)
                    {
                        w.WriteString(Clean(c.Details));
                    }
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static string Seconds(double seconds) => Math.Max(0, seconds).ToString("0.###", CultureInfo.InvariantCulture);

    // XML 1.0 allows tab, LF, CR and U+0020 up, minus surrogates out of pairs and U+FFFE/FFFF.
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(ch).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(ch))
            {
                sb.Append(ch);
            }
            else
            {
                sb.Append('\uFFFD');
            }
        }

        return sb.ToString();
    }

    /// <summary>The counts that testsuites and testsuite both carry, so the two cannot disagree.</summary>
    private static void WriteCounts(XmlWriter w, string tests, int failures, int errors, int skipped, string time)
    {
        w.WriteAttributeString("tests", tests);
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("time", time);
    }
}
