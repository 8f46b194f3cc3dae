using System.Text;
using CsCheck;
using Harness.Clients.Internal.Http11;

namespace Harness.Clients.Tests.Internal.Http11;

public sealed class Http11BodyStreamTests
{
    private const string Chunked = "6;ext=\"a;b\"\r\ndata: \r\n1b \r\n{\"choices\":[\"x\"]}\n\ndata: [D\r\n5\r\nONE]\n\r\n0\r\nX-Trailer: t\r\n\r\n";
    private const string Decoded = "data: {\"choices\":[\"x\"]}\n\ndata: [DONE]\n";

    public static TheoryData<int> ReadSizes() => [1, 2, 3, 5, 7, 16, 64, 4096];

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public async Task Chunked_body_decodes_whatever_the_connection_hands_over_per_read(int perRead)
    {
        for (var alreadyRead = 0; alreadyRead <= 8; alreadyRead++)
        {
            Assert.Equal(Decoded, await ReadAllAsync(Body(Chunked, Http11Framing.Chunked, 0, alreadyRead, perRead), perRead + 3));
        }
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "Chunked", 0, true, true)]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "Chunked", 0, false, false)]
    [InlineData("5\r\nhello\r\n0\r\n\r\nHTTP", "Chunked", 0, true, false)]
    [InlineData("hello", "ContentLength", 5, true, true)]
    [InlineData("hello", "ContentLength", 5, false, false)]
    [InlineData("hello", "UntilClose", 0, true, false)]
    public async Task Dispose_says_once_whether_the_body_ended_in_band_with_nothing_past_it(string wire, string framing, long length, bool readToTheEnd, bool complete)
    {
        var said = new List<bool>();
        var body = Body(Encoding.Latin1.GetBytes(wire), Enum.Parse<Http11Framing>(framing), length, wire.Length, 4096, said.Add);
        var buffer = new byte[64];
        if (readToTheEnd)
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        }
        else
        {
            Assert.Equal(2, await body.ReadAsync(buffer.AsMemory(0, 2)));
        }

        body.Dispose();
        body.Dispose();
        Assert.Equal([complete], said);
    }

    [Fact]
    public async Task Chunked_body_with_bare_lf_line_ends_decodes() =>
        Assert.Equal("hello world", await ReadAllAsync(Body("5\nhello\n6\n world\n0\n\n", Http11Framing.Chunked, 0, 0, 4096), 64));

    [Fact]
    public async Task Content_length_body_stops_at_its_length_and_leaves_the_rest()
    {
        var body = Body("0123456789EXTRA", Http11Framing.ContentLength, 10, 4, 3);
        Assert.Equal("0123456789", await ReadAllAsync(body, 4));
    }

    [Fact]
    public async Task Body_until_close_is_everything_to_the_close() =>
        Assert.Equal("all of it", await ReadAllAsync(Body("all of it", Http11Framing.UntilClose, 0, 3, 2), 5));

    [Fact]
    public async Task No_body_reads_nothing() =>
        Assert.Equal(string.Empty, await ReadAllAsync(Body("ignored", Http11Framing.None, 0, 0, 4096), 16));

    [Theory]
    [InlineData("5\r\nhel", -1)]
    [InlineData("5\r\nhello\r\n", -1)]
    [InlineData("5\r\nhello\r\n0\r\n", -1)]
    [InlineData("01234", 10)]
    public async Task A_body_cut_short_is_response_ended(string wire, long contentLength)
    {
        var framing = contentLength < 0 ? Http11Framing.Chunked : Http11Framing.ContentLength;
        var ex = await Assert.ThrowsAsync<HttpIOException>(() => ReadAllAsync(Body(wire, framing, contentLength, 0, 4096), 64));
        Assert.Equal(HttpRequestError.ResponseEnded, ex.HttpRequestError);
    }

    [Theory]
    [InlineData("z\r\n")]
    [InlineData("\r\n")]
    [InlineData("5 x\r\nhello\r\n")]
    [InlineData("5\r\nhelloX\r\n0\r\n\r\n")]
    [InlineData("1000000000000000\r\n")]
    public async Task A_broken_chunk_frame_is_an_invalid_response(string wire)
    {
        var ex = await Assert.ThrowsAsync<HttpIOException>(() => ReadAllAsync(Body(wire, Http11Framing.Chunked, 0, 0, 4096), 64));
        Assert.Equal(HttpRequestError.InvalidResponse, ex.HttpRequestError);
    }

    [Fact]
    public void Synchronous_reads_decode_the_same()
    {
        using var body = Body(Chunked, Http11Framing.Chunked, 0, 2, 3);
        var output = new MemoryStream();
        body.CopyTo(output, 5);
        Assert.Equal(Decoded, Encoding.Latin1.GetString(output.ToArray()));
    }

    /// <summary>
    /// Any body, cut into any chunks (with extensions and trailer fields), handed over in any read
    /// sizes and read into any buffer sizes, decodes to itself and then ends.
    /// </summary>
    [Fact]
    public void Any_chunking_of_any_body_decodes_to_the_body() =>
        Gen.Select(Gen.Byte.Array[0, 600], Gen.Int[1, 80].Array[1, 40], Gen.Bool.Array[40], Gen.Int[1, 50], Gen.Int[0, 30], Gen.Int[1, 100]).Sample(
            (payload, cuts, extensions, perRead, alreadyRead, readSize) =>
            {
                var wire = new MemoryStream();
                var at = 0;
                for (var i = 0; at < payload.Length; i++)
                {
                    var n = Math.Min(cuts[i % cuts.Length], payload.Length - at);
                    wire.Write(Encoding.ASCII.GetBytes(n.ToString(i % 2 == 0 ? "x" : "X", System.Globalization.CultureInfo.InvariantCulture) + (extensions[i % 40] ? " ;name=value" : string.Empty) + "\r\n"));
                    wire.Write(payload, at, n);
                    wire.Write("\r\n"u8);
                    at += n;
                }

                wire.Write(extensions[0] ? "0\r\nTrailer-A: 1\r\nTrailer-B: 2\r\n\r\n"u8 : "0\r\n\r\n"u8);
                var decoded = ReadAllBytesAsync(Body(wire.ToArray(), Http11Framing.Chunked, 0, alreadyRead, perRead), readSize).GetAwaiter().GetResult();
                Assert.Equal(payload, decoded);
            },
            iter: 3000,
            seed: "0N0XIzNsQ0O2");

    private static Http11BodyStream Body(string wire, Http11Framing framing, long length, int alreadyRead, int perRead) =>
        Body(Encoding.Latin1.GetBytes(wire), framing, length, alreadyRead, perRead);

    /// <summary>A body whose first <paramref name="alreadyRead"/> bytes were read with the head; the rest trickles in.</summary>
    private static Http11BodyStream Body(byte[] wire, Http11Framing framing, long length, int alreadyRead, int perRead, Action<bool>? ended = null)
    {
        alreadyRead = Math.Min(alreadyRead, wire.Length);
        var buffer = new byte[16 * 1024];
        wire.AsSpan(0, alreadyRead).CopyTo(buffer.AsSpan(7));
        return new Http11BodyStream(new TrickleStream(wire[alreadyRead..], perRead), buffer, 7, 7 + alreadyRead, framing, length, ended ?? (static _ => { }));
    }

    private static async Task<string> ReadAllAsync(Stream body, int readSize) =>
        Encoding.Latin1.GetString(await ReadAllBytesAsync(body, readSize));

    private static async Task<byte[]> ReadAllBytesAsync(Stream body, int readSize)
    {
        await using (body)
        {
            var output = new MemoryStream();
            var buffer = new byte[readSize];
            int n;
            while ((n = await body.ReadAsync(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
            }

            Assert.Equal(0, await body.ReadAsync(buffer));
            return output.ToArray();
        }
    }

    /// <summary>A connection that hands over at most <c>perRead</c> bytes per read, then ends.</summary>
    private sealed class TrickleStream(byte[] data, int perRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, perRead));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
    }
}
