using System.Text;
using CsCheck;

namespace Harness.TestSupport;

/// <summary>
/// Inputs for property tests of readers of outside input: random bytes, and valid samples as they
/// are or with a few random edits (flipped, deleted, inserted, duplicated bytes; a cut), so most
/// inputs get past the reader's first check and reach its deeper paths.
/// </summary>
public static class ArbitraryInput
{
    // Bytes that mean something to the formats read: line ends, separators, JSON, UTF-8 lead and continuation bytes.
    private static readonly byte[] s_special = "\r\n:,\"{}[]\\0-.eE#=\t "u8.ToArray().Concat(new byte[] { 0, 0x80, 0xBF, 0xC3, 0xE2, 0xEF, 0xF0, 0xFF }).ToArray();

    /// <summary>Random bytes, or one of <paramref name="samples"/> edited, about half and half.</summary>
    public static Gen<byte[]> Bytes(params byte[][] samples)
    {
        var random = Gen.Byte.Array[0, 300];
        if (samples.Length == 0)
        {
            return random;
        }

        var edited = Gen.Select(
            Gen.Int[0, samples.Length - 1],
            Gen.Select(Gen.Int[0, 5], Gen.UInt, Gen.UInt, Gen.Byte.Array[1, 8]).Array[0, 6],
            (index, edits) => Edit(samples[index], edits));
        return Gen.Frequency<byte[]>((1, random), (3, edited));
    }

    /// <summary>As <see cref="Bytes"/>, read as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public static Gen<string> Text(params string[] samples) =>
        Bytes([.. samples.Select(Encoding.UTF8.GetBytes)]).Select(Encoding.UTF8.GetString);

    private static byte[] Edit(byte[] sample, (int Op, uint A, uint B, byte[] Bytes)[] edits)
    {
        var bytes = new List<byte>(sample);
        foreach (var (op, a, b, insert) in edits)
        {
            int at = bytes.Count == 0 ? 0 : (int)(a % (uint)bytes.Count);
            switch (op)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 + (b % 255));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (int)(b % 16)));
                    break;
                case 2:
                    bytes.InsertRange(at, insert);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + (int)(b % 32))));
                    break;
                default:
                    bytes.Insert(at, s_special[b % (uint)s_special.Length]);
                    break;
            }
        }

        return [.. bytes];
    }
}
