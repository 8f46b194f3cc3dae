namespace Harness.Benchmarks.Corpora;

/// <summary>The event-stream corpora the parsing suites run over.</summary>
public enum SseCorpusKind
{
    /// <summary>10,000 OpenAI chat-completion chunks with LF line ends, then <c>[DONE]</c>: the headline corpus.</summary>
    OpenAi,

    /// <summary>The same stream with CRLF line ends.</summary>
    OpenAiCrlf,

    /// <summary>Long events of many <c>data</c> lines each, joined by the parser.</summary>
    LongMultiLine,

    /// <summary>OpenAI chunks with three keep-alive comment lines between events.</summary>
    KeepAliveHeavy,
}
