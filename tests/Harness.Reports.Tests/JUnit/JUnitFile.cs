using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Harness.Reports.Tests.JUnit;

/// <summary>Validates a JUnit file against junit.xsd (beside the tests) and reads its cases.</summary>
public static class JUnitFile
{
    /// <summary>Validates <paramref name="path"/>; throws <see cref="XmlSchemaValidationException"/> with the first problem.</summary>
    public static XDocument Validate(string path)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "junit.xsd"));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => throw new XmlSchemaValidationException($"{path}: {e.Message}", e.Exception);
        using (var reader = XmlReader.Create(path, settings))
        {
            while (reader.Read())
            {
            }
        }

        return XDocument.Load(path);
    }

    /// <summary>Every testcase element.</summary>
    public static IReadOnlyList<XElement> Cases(XDocument doc) => [.. doc.Descendants("testcase")];
}
