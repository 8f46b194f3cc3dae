using System.Text;
using Harness.Clients;

namespace Harness.Cli.Commands;

/// <summary>Writes each content delta as it arrives (a stateful decoder keeps characters split across deltas whole).</summary>
internal sealed class AnswerPrinter(TextWriter output) : IStreamObserver
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private char[] _chars = new char[256];

    public bool Printed { get; private set; }

    public void OnContent(ReadOnlySpan<byte> utf8)
    {
        var needed = _decoder.GetCharCount(utf8, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var n = _decoder.GetChars(utf8, _chars, flush: false);
        output.Write(_chars, 0, n);
        output.Flush();
        Printed = true;
    }

    public void Flush() => output.Flush();
}
