namespace Harness.Clients;

/// <summary>A prompt of exactly N tokens by a given tokenizer (<c>--input-tokens N</c>).</summary>
public static class SyntheticPrompt
{
    // Common words, each one token in o200k_base and cl100k_base with its leading space; varied so
    // the prompt is not one token repeated (some servers treat long repeats specially).
    private static readonly string[] s_words = [" the", " quick", " brown", " fox", " jumps", " over", " lazy", " dog", " and", " runs", " far", " away"];

    /// <summary>Builds the prompt: N words, then words removed or added one at a time until the count is exact.</summary>
    public static string Build(int tokens, TokenCounter counter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentNullException.ThrowIfNull(counter);
        var words = new List<string>(tokens);
        for (int i = 0; i < tokens; i++)
        {
            words.Add(s_words[i % s_words.Length]);
        }

        int count = counter.Count(string.Concat(words));
        // Bounded: each step moves the count by about one token.
        for (int step = 0; count != tokens && step < tokens + 64; step++)
        {
            if (count > tokens)
            {
                words.RemoveAt(words.Count - 1);
            }
            else
            {
                words.Add(s_words[words.Count % s_words.Length]);
            }

            count = counter.Count(string.Concat(words));
        }

        return string.Concat(words);
    }
}
