using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;

namespace Harness.Load.Results;

/// <summary>
/// Writes an HdrHistogram log (format 1.3) as plain ASCII, one tagged histogram per line, in the
/// V2 compressed encoding every HdrHistogram implementation reads.
/// </summary>
/// <remarks>
/// Not HdrHistogram.NET's <c>HistogramLogWriter</c>: it writes UTF-16 with a byte-order mark, and
/// its compressed payload is a zlib stream that is never finished (no final block, no Adler-32,
/// against RFC 1950), which stricter readers (zlib itself, hdr-histogram-js) reject as truncated.
/// The counts are still encoded by HdrHistogram.NET's V2 encoder; only the framing is ours.
/// </remarks>
internal static class HistogramLogText
{
    // Spec (HdrHistogram V2): compressed cookie = V2 base 0x1c849304 | 0x10 (word size byte).
    private const int CompressedCookieV2 = 0x1c849304 | 0x10;

    public static void Write(Stream stream, DateTime startTimeUtc, IEnumerable<HistogramBase> histograms)
    {
        using var writer = new StreamWriter(stream, Encoding.ASCII, leaveOpen: true) { NewLine = "\n" };
        // Readers parse the start as unsigned seconds since the epoch: an unset (year 1) start is the epoch.
        if (startTimeUtc < DateTime.UnixEpoch)
        {
            startTimeUtc = DateTime.UnixEpoch;
        }

        double start = (startTimeUtc - DateTime.UnixEpoch).TotalSeconds;
        writer.WriteLine("#[Histogram log format version 1.3]");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#[StartTime: {start:0.000} (seconds since epoch), {startTimeUtc:o}]"));
        writer.WriteLine("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"");
        foreach (var histogram in histograms)
        {
            string tag = histogram.Tag is { Length: > 0 } t ? "Tag=" + t + "," : string.Empty;
            // Interval_Max in seconds for microsecond values, as the reference writer's default ratio.
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tag}0.000,0.000,{histogram.GetMaxValue() / 1_000_000.0:0.000},{CompressedBase64(histogram)}"));
        }
    }

    private static string CompressedBase64(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        int length = histogram.Encode(buffer, HistogramEncoderV2.Instance);
        // The library's ByteBuffer exposes its bytes one at a time only.
        var encoded = new byte[length];
        buffer.Position = 0;
        for (int i = 0; i < length; i++)
        {
            encoded[i] = buffer.Get();
        }

        using var compressed = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        compressed.Write(header);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(encoded);
        }

        var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes, CompressedCookieV2);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], bytes.Length - 8);
        return Convert.ToBase64String(bytes);
    }
}
