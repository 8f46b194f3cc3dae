using CsCheck;
using Harness.Clients.Internal;

namespace Harness.Clients.Tests.Internal;

/// <summary>Whatever a Responses API event holds, the decoder returns a kind; it never throws.</summary>
public sealed class ResponsesEventDecoderPropertyTests
{
    private static readonly byte[][] s_samples =
    [
        """{"type":"response.output_text.delta","delta":"Hi \u00e9"}"""u8.ToArray(),
        """{"type":"response.completed","response":{"usage":{"input_tokens":3,"output_tokens":5,"total_tokens":8}}}"""u8.ToArray(),
        """{"type":"error","message":"overloaded","code":"server_error"}"""u8.ToArray(),
        """{"type":"response.failed","response":{"error":{"message":"x"}}}"""u8.ToArray(),
        // Valid JSON that is not valid text: a lone surrogate escape, a raw byte that is not UTF-8.
        """{"type":"error","message":"\ud83d","delta":"\ud800"}"""u8.ToArray(),
        [.. "{\"type\":\"response.failed\",\"response\":{\"error\":{\"message\":\"a"u8, 0xFF, .. "\"}}}"u8],
        [.. "{\"type\":\"response.output_text.delta\",\"delta\":\"x"u8, 0xFE, .. "\"}"u8],
    ];

    [Fact]
    public void ArbitraryEvent_AKindNeverAnException() =>
        ArbitraryInput.Bytes(s_samples).Sample(
            data =>
            {
                using var decoder = new ResponsesEventDecoder();
                var kind = decoder.Decode(data);
                Assert.True(Enum.IsDefined(kind));
            },
            iter: 5000,
            seed: "0N0XIzNsQ0O2");
}
