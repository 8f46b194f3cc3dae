namespace Harness.Fakes;

/// <summary>The line terminator a fake SSE stream uses (WHATWG SSE allows all three).</summary>
public enum SseLineEnding
{
    /// <summary><c>\n</c> (the default, what OpenAI sends).</summary>
    Lf,

    /// <summary><c>\r\n</c>.</summary>
    CrLf,

    /// <summary><c>\r</c> alone.</summary>
    Cr,
}
