using System.Text;
using CsCheck;
using Harness.Core.OpenAI;
using Harness.Core.Sse;

namespace Harness.Core.Tests.OpenAI;

/// <summary>Whatever a payload holds, the decoder returns a kind (malformed ones say why); it never throws.</summary>
public sealed class ChatChunkDecoderPropertyTests
{
    private static readonly byte[][] s_samples =
    [
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi \\u00e9\"},\"finish_reason\":null}]}"u8.ToArray(),
        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"think\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}"u8.ToArray(),
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"503\"}}"u8.ToArray(),
        "[DONE]"u8.ToArray(),
        // Valid JSON that is not valid text: a lone surrogate escape, a raw byte that is not UTF-8.
        "{\"choices\":[{\"delta\":{\"content\":\"\\ud83d\"},\"finish_reason\":\"\\udc00\"}]}"u8.ToArray(),
        [.. "{\"error\":{\"message\":\"a"u8, 0xFF, .. "b\",\"code\":\"c"u8, 0xC3, .. "\"},\"choices\":[{\"delta\":{\"content\":\"x"u8, 0xFE, .. "\"}}]}"u8],
    ];

    [Fact]
    public void ArbitraryPayload_AKindNeverAnException() =>
        ArbitraryInput.Bytes(s_samples).Sample(
            payload =>
            {
                using var decoder = new ChatChunkDecoder();
                var kind = decoder.Decode(payload);
                Assert.True(Enum.IsDefined(kind));
                _ = decoder.GetContent();
                _ = decoder.GetReasoning();
            },
            iter: 5000,
            seed: "0N0XIzNsQ0O2");

    [Fact]
    public void ArbitraryStream_ChunksOrMalformedCounted_OrThePolicysException() =>
        Gen.Select(ArbitraryInput.Bytes([.. s_samples.Select(s => Encoding.UTF8.GetBytes("data: " + Encoding.UTF8.GetString(s) + "\n\n"))]), Gen.Enum<MalformedChunkPolicy>()).Sample(
            sample =>
            {
                var (input, policy) = sample;
                using var reader = new ChatStreamReader(new MemoryStream(input), policy, new SseReaderOptions { MaxEventSize = 256 });
                try
                {
                    while (reader.Read())
                    {
                        Assert.True(reader.Current.Kind != ChatChunkKind.Malformed || policy == MalformedChunkPolicy.Report);
                    }
                }
                catch (MalformedChunkException) when (policy == MalformedChunkPolicy.Fail)
                {
                }
                catch (SseEventTooLargeException)
                {
                }
            },
            iter: 3000,
            seed: "0N0XIzNsQ0O2");
}
