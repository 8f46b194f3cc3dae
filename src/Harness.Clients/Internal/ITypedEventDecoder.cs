using Harness.Core.OpenAI;

namespace Harness.Clients.Internal;

/// <summary>
/// A decoder of typed stream events (the Responses API's SSE events, a WebSocket dialect's
/// messages): what the event is, and the delta text or usage it carried, valid until the next decode.
/// </summary>
internal interface ITypedEventDecoder
{
    /// <summary>The delta text of a Delta or Reasoning event (UTF-8).</summary>
    ReadOnlyMemory<byte> Delta { get; }

    /// <summary>The usage of a Done or Incomplete event, if it carried one.</summary>
    ChatUsage? Usage { get; }

    /// <summary>Decodes one event's data (an SSE event's data, a WebSocket message).</summary>
    StreamEventKind Decode(ReadOnlySpan<byte> data);
}
