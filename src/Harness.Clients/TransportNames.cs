namespace Harness.Clients;

/// <summary>The CLI and file names of <see cref="Transport"/> values.</summary>
public static class TransportNames
{
    /// <summary>Every transport, in the order reports show them.</summary>
    public static IReadOnlyList<Transport> All { get; } = [Transport.Sse, Transport.SseHttp2, Transport.WebSocket];

    /// <summary>The short name: <c>sse</c>, <c>sse-h2</c> or <c>ws</c>.</summary>
    public static string ToName(this Transport transport) => transport switch
    {
        Transport.Sse => "sse",
        Transport.SseHttp2 => "sse-h2",
        Transport.WebSocket => "ws",
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    /// <summary>Parses a short name; false for anything else.</summary>
    public static bool TryParse(string name, out Transport transport)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                transport = candidate;
                return true;
            }
        }

        transport = default;
        return false;
    }
}
