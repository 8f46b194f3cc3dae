using Harness.Clients.Internal;

namespace Harness.Clients;

/// <summary>
/// The process-wide socket settings a measuring client runs with. Socket completions run inline on
/// the runtime's event thread instead of being queued to the thread pool: a streamed token's arrival
/// is stamped on the thread that received it, with no pool hop (a futex wake and a context switch
/// per read) between the bytes and the clock, and each token costs the client a fraction of the CPU.
/// Every continuation after a socket read must therefore stay short and never block; the load
/// engine's read-lag probe (<c>ReadLagProbe</c>) sees it when they do not.
/// </summary>
public static class SocketRuntime
{
    /// <summary>The runtime's switch, read once when the first socket is created.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on unless the variable is already set (<c>0</c> opts out); has an
    /// effect only when called before the process creates its first socket.
    /// </summary>
    public static void PreferInlineCompletions() => RuntimeVariable.SetUnlessSet(InlineCompletionsVariable, "1");
}
