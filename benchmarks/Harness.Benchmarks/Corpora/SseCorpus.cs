using System.Text;

namespace Harness.Benchmarks.Corpora;

/// <summary>
/// Seeded generators of raw <c>text/event-stream</c> bytes. The same seed gives the same bytes on
/// every machine, so results committed from one run compare with the next.
/// </summary>
public static class SseCorpus
{
    /// <summary>The seed every suite uses.</summary>
    public const int Seed = 20240611;

    /// <summary>Chunks in the headline OpenAI corpus.</summary>
    public const int OpenAiEventCount = 10_000;

    /// <summary>Events in the long multi-line corpus.</summary>
    public const int LongEventCount = 500;

    /// <summary><c>data</c> lines per long event.</summary>
    public const int LinesPerLongEvent = 24;

    private static readonly string[] s_words =
    [
        " the", " a", " stream", " token", " of", " latency", " and", " server", " event", " model",
        " is", " to", " in", " that", " we", " can", " measure", " with", " each", " chunk",
        ",", ".", " é", " naïve", " 東京", " \\\"quoted\\\"", "\\n", " 42", " café", " 🚀",
    ];

    /// <summary>Builds the corpus of <paramref name="kind"/>.</summary>
    public static byte[] Create(SseCorpusKind kind) => kind switch
    {
        SseCorpusKind.OpenAi => OpenAiChat(OpenAiEventCount, "\n", keepAlivesPerEvent: 0),
        SseCorpusKind.OpenAiCrlf => OpenAiChat(OpenAiEventCount, "\r\n", keepAlivesPerEvent: 0),
        SseCorpusKind.KeepAliveHeavy => OpenAiChat(OpenAiEventCount / 4, "\n", keepAlivesPerEvent: 3),
        SseCorpusKind.LongMultiLine => LongMultiLine(LongEventCount, LinesPerLongEvent),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>How many events a parser dispatches for the corpus of <paramref name="kind"/> (the <c>[DONE]</c> event included).</summary>
    public static int EventCount(SseCorpusKind kind) => kind switch
    {
        SseCorpusKind.OpenAi or SseCorpusKind.OpenAiCrlf => OpenAiEventCount + 1,
        SseCorpusKind.KeepAliveHeavy => (OpenAiEventCount / 4) + 1,
        SseCorpusKind.LongMultiLine => LongEventCount,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// An OpenAI chat-completions stream: a role chunk, content chunks, a finish chunk, then
    /// <c>data: [DONE]</c>; <paramref name="chunks"/> events before <c>[DONE]</c>.
    /// </summary>
    public static byte[] OpenAiChat(int chunks, string newline, int keepAlivesPerEvent)
    {
        var random = new Random(Seed);
        var sb = new StringBuilder(chunks * 260);
        const string Head = "{\"id\":\"chatcmpl-9x7KbQe2ZrWcV1sT8uN4mA6pLd0\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[{\"index\":0,\"delta\":";
        for (int i = 0; i < chunks; i++)
        {
            for (int k = 0; k < keepAlivesPerEvent; k++)
            {
                sb.Append(": keep-alive").Append(newline);
            }

            sb.Append("data: ").Append(Head);
            if (i == 0)
            {
                sb.Append("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]}");
            }
            else if (i == chunks - 1)
            {
                sb.Append("{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
            }
            else
            {
                sb.Append("{\"content\":\"").Append(s_words[random.Next(s_words.Length)]);
                if (random.Next(4) == 0)
                {
                    sb.Append(s_words[random.Next(s_words.Length)]);
                }

                sb.Append("\"},\"logprobs\":null,\"finish_reason\":null}]}");
            }

            sb.Append(newline).Append(newline);
        }

        sb.Append("data: [DONE]").Append(newline).Append(newline);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Events of <paramref name="linesPerEvent"/> <c>data</c> lines of 40-120 characters each.</summary>
    public static byte[] LongMultiLine(int events, int linesPerEvent)
    {
        var random = new Random(Seed);
        var sb = new StringBuilder(events * linesPerEvent * 90);
        for (int i = 0; i < events; i++)
        {
            sb.Append("event: document\nid: ").Append(i).Append('\n');
            for (int line = 0; line < linesPerEvent; line++)
            {
                sb.Append("data: ");
                int length = random.Next(40, 121);
                for (int c = 0; c < length; c++)
                {
                    sb.Append((char)('a' + random.Next(26)));
                }

                sb.Append('\n');
            }

            sb.Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The <c>data</c> payload of every event of an OpenAI corpus, in order (for the chunk-decoding suite).</summary>
    public static byte[][] OpenAiPayloads(int chunks)
    {
        var text = Encoding.UTF8.GetString(OpenAiChat(chunks, "\n", 0));
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => Encoding.UTF8.GetBytes(e["data: ".Length..]))
            .ToArray();
    }
}
