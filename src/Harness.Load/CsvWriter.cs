using System.Text;

namespace Harness.Load;

/// <summary>
/// The one writer of the results directory's CSV files (<c>timeseries.csv</c>, <c>requests.csv</c>),
/// for the final files and for the rows appended while a run goes (<see cref="Results.ResultsJournal"/>)
/// alike: UTF-8 without a byte-order mark, LF line ends, every line ended.
/// </summary>
internal static class CsvWriter
{
    private static readonly UTF8Encoding s_utf8 = new(false);

    /// <summary>Writes <paramref name="header"/> (unless null) and <paramref name="lines"/>, each followed by LF.</summary>
    public static void Write(Stream stream, string? header, IEnumerable<string> lines)
    {
        using var writer = new StreamWriter(stream, s_utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        if (header is not null)
        {
            writer.WriteLine(header);
        }

        foreach (string line in lines)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>The bytes <see cref="Write"/> would put in a stream: for an append that must land as whole lines.</summary>
    public static byte[] Encode(string? header, IEnumerable<string> lines)
    {
        using var buffer = new MemoryStream();
        Write(buffer, header, lines);
        return buffer.ToArray();
    }
}
