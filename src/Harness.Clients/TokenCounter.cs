using Microsoft.ML.Tokenizers;

namespace Harness.Clients;

/// <summary>
/// Counts tokens with a real BPE tokenizer (tiktoken's o200k_base or cl100k_base, from
/// Microsoft.ML.Tokenizers and its data packages), for synthetic prompts of an exact size and for
/// counting what a server sent when it sends no usage. Thread-safe; created once per name.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>The default encoding (GPT-4o and later).</summary>
    public const string DefaultName = "o200k_base";

    /// <summary>The name that turns counting off.</summary>
    public const string NoneName = "none";

    private static readonly Lazy<TokenCounter> s_o200k = new(() => new TokenCounter("o200k_base", TiktokenTokenizer.CreateForEncoding("o200k_base")));
    private static readonly Lazy<TokenCounter> s_cl100k = new(() => new TokenCounter("cl100k_base", TiktokenTokenizer.CreateForEncoding("cl100k_base")));

    private readonly Tokenizer _tokenizer;

    private TokenCounter(string name, Tokenizer tokenizer)
    {
        Name = name;
        _tokenizer = tokenizer;
    }

    /// <summary>The encodings offered.</summary>
    public static IReadOnlyList<string> Names { get; } = ["o200k_base", "cl100k_base"];

    /// <summary>The encoding's name.</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="name"/> is an encoding or <c>none</c>.</summary>
    public static bool IsKnown(string name) => name == NoneName || Names.Contains(name);

    /// <summary>The counter for <paramref name="name"/>; null for <c>none</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static TokenCounter? Create(string name) => name switch
    {
        NoneName => null,
        "o200k_base" => s_o200k.Value,
        "cl100k_base" => s_cl100k.Value,
        _ => throw new ArgumentException($"unknown tokenizer '{name}' ({string.Join(", ", Names)}, {NoneName})", nameof(name)),
    };

    /// <summary>Tokens in <paramref name="text"/>.</summary>
    public int Count(string text) => _tokenizer.CountTokens(text);
}
