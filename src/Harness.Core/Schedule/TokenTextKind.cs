namespace Harness.Core.Schedule;

/// <summary>The kind of text a <see cref="TokenSchedule"/> produces, to exercise UTF-8 handling.</summary>
public enum TokenTextKind
{
    /// <summary>English words, each token a word with a leading space (ASCII).</summary>
    English,

    /// <summary>Thai syllables and words (3-byte UTF-8, no spaces between words).</summary>
    Thai,

    /// <summary>Emoji, including ZWJ sequences, skin-tone modifiers and flags (4-byte UTF-8, multi-code-point).</summary>
    Emoji,

    /// <summary>A seeded mix of the three.</summary>
    Mixed,
}
