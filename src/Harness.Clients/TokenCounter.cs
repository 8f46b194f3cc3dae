using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Harness.Clients;

/// <summary>
/// Counts tokens with a real BPE tokenizer (tiktoken's o200k_base or cl100k_base, from
/// Microsoft.ML.Tokenizers and its data packages), for synthetic prompts of an exact size and for
/// counting what a server sent when it sends no usage. Thread-safe; created once per name.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>The default encoding (GPT-4o and later, and any model not known to use another).</summary>
    public const string DefaultName = "o200k_base";

    /// <summary>The encoding of GPT-4, GPT-3.5 and the text-embedding-3 / ada-002 models.</summary>
    public const string Cl100kName = "cl100k_base";

    /// <summary>The name that turns counting off.</summary>
    public const string NoneName = "none";

    // Model-name prefixes that tiktoken maps to cl100k_base; "gpt-4o"/"gpt-4.1"/"gpt-4.5" are o200k_base.
    private static readonly string[] s_cl100kModels = ["gpt-3.5", "gpt-35", "text-embedding-3", "text-embedding-ada-002"];
    private static readonly string[] s_o200kGpt4Models = ["gpt-4o", "gpt-4.1", "gpt-4.5", "chatgpt-4o"];
    private static readonly Lazy<TokenCounter> s_o200k = new(() => new TokenCounter(DefaultName, TiktokenTokenizer.CreateForEncoding(DefaultName)));
    private static readonly Lazy<TokenCounter> s_cl100k = new(() => new TokenCounter(Cl100kName, TiktokenTokenizer.CreateForEncoding(Cl100kName)));

    private readonly Tokenizer _tokenizer;

    private TokenCounter(string name, Tokenizer tokenizer)
    {
        Name = name;
        _tokenizer = tokenizer;
    }

    /// <summary>The encodings offered.</summary>
    public static IReadOnlyList<string> Names { get; } = [DefaultName, Cl100kName];

    /// <summary>The encoding's name.</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="name"/> is an encoding or <c>none</c>.</summary>
    public static bool IsKnown(string name) => name == NoneName || Names.Contains(name);

    /// <summary>
    /// The encoding for a model name when none is given: <c>cl100k_base</c> for GPT-4 (not 4o/4.1/4.5),
    /// GPT-3.5 and the embedding models that use it, <c>o200k_base</c> for everything else (GPT-4o and
    /// later, o-series, and any other model, for which it is the closest general-purpose choice).
    /// </summary>
    public static string NameForModel(string? model)
    {
        if (model is null)
        {
            return DefaultName;
        }

        // "openai/gpt-4" and "azure/gpt-4" style routing prefixes name the same model.
        string name = model[(model.LastIndexOf('/') + 1)..].Trim();
        bool Starts(string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        if (s_cl100kModels.Any(Starts) || (Starts("gpt-4") && !s_o200kGpt4Models.Any(Starts)))
        {
            return Cl100kName;
        }

        return DefaultName;
    }

    /// <summary>The counter for <paramref name="name"/>; null for <c>none</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static TokenCounter? Create(string name) => name switch
    {
        NoneName => null,
        DefaultName => s_o200k.Value,
        Cl100kName => s_cl100k.Value,
        _ => throw new ArgumentException($"unknown tokenizer '{name}' ({string.Join(", ", Names)}, {NoneName})", nameof(name)),
    };

    /// <summary>Tokens in <paramref name="text"/>.</summary>
    public int Count(string text) => _tokenizer.CountTokens(text);

    /// <summary>Tokens in <paramref name="utf8"/> text (decoded into a pooled buffer; invalid bytes become U+FFFD).</summary>
    public int Count(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        char[] chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            int n = Encoding.UTF8.GetChars(utf8, chars);
            return _tokenizer.CountTokens(chars.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
