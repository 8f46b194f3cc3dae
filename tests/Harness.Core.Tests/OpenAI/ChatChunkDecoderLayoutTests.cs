using System.Text;
using CsCheck;
using Harness.Core.OpenAI;

namespace Harness.Core.Tests.OpenAI;

/// <summary>
/// Differential property test of the decoder's layout fast path: every payload, random or
/// recorded, decodes to the same fields through <see cref="ChatChunkDecoder.Decode"/> (fast path
/// first) as through the <see cref="System.Text.Json.Utf8JsonReader"/> alone — content, reasoning,
/// role, finish reason, usage, error, malformed detection and reason, and any exception.
/// </summary>
public sealed class ChatChunkDecoderLayoutTests
{
    // Recorded chunks: OpenAI's own, the fake's, and a few neighbours of the layout.
    private static readonly string[] s_recorded =
    [
        """{"id":"chatcmpl-9x7KbQe2ZrWcV1sT8uN4mA6pLd0","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-9x7KbQe2ZrWcV1sT8uN4mA6pLd0","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" naïve \"quoted\"\n"},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-9x7KbQe2ZrWcV1sT8uN4mA6pLd0","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""",
        """{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1718000000,"model":"fake/ttft=0","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"tok"},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1718000000,"model":"m","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"tok"},"logprobs":null,"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1718000000,"model":"m","system_fingerprint":null,"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}""",
        """{"id":"c","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"reasoning_content":"think \u00e9"},"logprobs":null,"finish_reason":null}]}""",
        """{"error":{"message":"The server had an error","type":"server_error","code":null}}""",
        """{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1718000000,"model":"m","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"trunc""",
        "[DONE]",
        "",
    ];

    // Each part of a chunk: mostly values the layout accepts, sometimes one it must hand over.
    private static readonly Gen<string> s_strings = Pick(
        ["", "a", "chatcmpl-9x7", " naïve", " 東京", " 🚀", "\\\"q\\\"", "\\n", "\\u00e9", "\\ud83d\\ude80", "a\\\\b"],
        ["\\x", "\\", "\"", "\n", "\t", "\u0001", "\\u12"]);

    private static readonly Gen<string> s_created = Pick(["0", "1718000000"], ["01", "-1", "1.5", "1e3", "\"1\"", ""]);

    private static readonly Gen<string> s_fingerprints = Pick(
        ["", ",\"system_fingerprint\":null", ",\"system_fingerprint\":\"fp_1\""],
        [",\"system_fingerprint\":\"f\\\"p\"", ",\"system_fingerprint\":1"]);

    private static readonly Gen<string> s_logprobs = Pick([",\"logprobs\":null"], ["", ",\"logprobs\":{}"]);

    private static readonly Gen<string> s_finish = Pick(
        ["null", "\"stop\"", "\"length\"", "\"tool_calls\"", "\"content_filter\""],
        ["\"other\"", "5", "\"st\\u006fp\""]);

    private static readonly Gen<string> s_tails = Pick(["}", ",\"usage\":null}"], [",\"usage\":{\"total_tokens\":4}}", "} ", "}}", "", ",\"usage\":null", "}x"]);

    private static readonly Gen<string> s_member = Gen.Frequency(
        (4, s_strings.Select(v => $"\"content\":\"{v}\"")),
        (1, Gen.Const("\"content\":null")),
        (2, Gen.Const("\"role\":\"assistant\"")),
        (1, Gen.Const("\"refusal\":null")),
        (1, s_strings.Select(v => $"\"reasoning_content\":\"{v}\"")),
        (1, s_strings.Select(v => $"\"reasoning\":\"{v}\"")),
        (1, Gen.OneOf<string>("\"role\":\"user\"", "\"tool_calls\":[]", "\"content\":5")));

    private static readonly Gen<string> s_chunks =
        Gen.Select(
            s_strings,
            s_created,
            s_fingerprints,
            s_member.Array[0, 3],
            s_logprobs,
            s_finish,
            s_tails,
            (id, created, fingerprint, members, logprobs, finish, tail) =>
                $"{{\"id\":\"{id}\",\"object\":\"chat.completion.chunk\",\"created\":{created},\"model\":\"gpt\"{fingerprint}," +
                $"\"choices\":[{{\"index\":0,\"delta\":{{{string.Join(',', members)}}}{logprobs},\"finish_reason\":{finish}}}]{tail}");

    // A payload, then maybe one byte cut, inserted or replaced, so near-misses of the layout run too.
    private static readonly Gen<byte[]> s_payloads =
        Gen.Select(
            Gen.OneOf(s_chunks, Gen.Int[0, s_recorded.Length - 1].Select(i => s_recorded[i])),
            Gen.Int[0, 5],
            Gen.Int[0, 10_000],
            Gen.Byte,
            (text, mutation, at, b) =>
            {
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                int i = bytes.Count == 0 ? 0 : at % bytes.Count;
                switch (mutation)
                {
                    case 3 when bytes.Count > 0:
                        bytes.RemoveRange(i, bytes.Count - i);
                        break;
                    case 4:
                        bytes.Insert(i, b);
                        break;
                    case 5 when bytes.Count > 0:
                        bytes[i] = b;
                        break;
                }

                return bytes.ToArray();
            });

    [Fact]
    public void RandomAndRecordedPayloads_DecodeAsTheReaderDoes() =>
        s_payloads.Sample(AssertSameAsReader, iter: 20_000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void RecordedPayloads_DecodeAsTheReaderDoes()
    {
        foreach (string text in s_recorded)
        {
            AssertSameAsReader(Encoding.UTF8.GetBytes(text));
        }
    }

    [Fact]
    public void UsualLayout_TakesTheFastPath_AndOtherLayoutsDoNot()
    {
        // The property above would pass trivially if the fast path never ran.
        using var decoder = new ChatChunkDecoder();
        Assert.True(decoder.TryDecodeUsualLayout(Encoding.UTF8.GetBytes(s_recorded[0])));
        Assert.True(decoder.TryDecodeUsualLayout(Encoding.UTF8.GetBytes(s_recorded[1])));
        Assert.Equal(" naïve \"quoted\"\n", decoder.GetContent());
        Assert.True(decoder.TryDecodeUsualLayout(Encoding.UTF8.GetBytes(s_recorded[4])));
        Assert.False(decoder.TryDecodeUsualLayout(Encoding.UTF8.GetBytes(s_recorded[5])));
        Assert.False(decoder.TryDecodeUsualLayout(Encoding.UTF8.GetBytes(s_recorded[8])));

        int taken = 0;
        const int Samples = 2000;
        s_chunks.Sample(
            text =>
            {
                using var fresh = new ChatChunkDecoder();
                taken += fresh.TryDecodeUsualLayout(Encoding.UTF8.GetBytes(text)) ? 1 : 0;
            },
            iter: Samples,
            threads: 1,
            seed: "0N0XIzNsQ0O2");

        Assert.InRange(taken, Samples / 20, Samples - (Samples / 20));
    }

    private static Gen<string> Pick(string[] accepted, string[] handedOver) =>
        Gen.Frequency((4, Gen.OneOf<string>(accepted)), (1, Gen.OneOf<string>(handedOver)));

    private static void AssertSameAsReader(byte[] payload)
    {
        using var fast = new ChatChunkDecoder();
        using var reader = new ChatChunkDecoder();
        var expected = Capture(() => reader.DecodeWithReader(payload), reader);
        var actual = Capture(() => fast.Decode(payload), fast);
        Assert.True(expected == actual, $"payload {Encoding.UTF8.GetString(payload)}\nreader: {expected}\nfast:   {actual}");
    }

    private static string Capture(Func<ChatChunkKind> decode, ChatChunkDecoder d)
    {
        ChatChunkKind kind;
        try
        {
            kind = decode();
        }
        catch (Exception ex)
        {
            return "throws " + ex.GetType().Name;
        }

        return string.Join(
            " | ",
            kind,
            Convert.ToHexString(d.ContentUtf8),
            d.HasContent,
            Convert.ToHexString(d.ReasoningUtf8),
            d.HasReasoning,
            d.Role ?? "-",
            d.FinishReason ?? "-",
            d.Usage?.ToString() ?? "-",
            d.Error?.ToString() ?? "-",
            d.MalformedReason ?? "-",
            d.IsChatCompletionChunk,
            d.HasChoices,
            d.ChoiceCount,
            d.HasDelta);
    }
}
