using CsCheck;
using Harness.Clients.Internal;

namespace Harness.Clients.Tests.Internal;

/// <summary>Whatever a WebSocket message holds, the decoder returns a kind (malformed when it is not the dialect's JSON); it never throws.</summary>
public sealed class WebSocketMessageDecoderPropertyTests
{
    private static readonly byte[][] s_samples =
    [
        """{"type":"content.delta","delta":"Hello \u00e9 world"}"""u8.ToArray(),
        """{"type":"chat.done","usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}"""u8.ToArray(),
        """{"type":"error","message":"overloaded","code":"503"}"""u8.ToArray(),
        """{"type":"reasoning.delta","delta":"hmm","extra":[1,{"a":null}]}"""u8.ToArray(),
        // Valid JSON that is not valid text: a lone surrogate escape, a raw byte that is not UTF-8.
        """{"type":"error","message":"\ud83d","code":"\udc00","delta":"\ud800"}"""u8.ToArray(),
        [.. "{\"type\":\"error\",\"message\":\"a"u8, 0xFF, .. "\",\"code\":\"c"u8, 0xC3, .. "\",\"delta\":\"x"u8, 0xFE, .. "\"}"u8],
    ];

    [Fact]
    public void ArbitraryMessage_AKindNeverAnException() =>
        ArbitraryInput.Bytes(s_samples).Sample(
            message =>
            {
                using var decoder = new WebSocketMessageDecoder(WebSocketDialect.Default);
                var kind = decoder.Decode(message);
                Assert.True(Enum.IsDefined(kind));
            },
            iter: 5000,
            seed: "0N0XIzNsQ0O2");
}
