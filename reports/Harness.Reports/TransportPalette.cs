using ScottPlot;

namespace Harness.Reports;

/// <summary>
/// One colour per transport, the same in every chart and table, and a line pattern per load point.
/// Colours are from the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
/// </summary>
public static class TransportPalette
{
    private static readonly string[] s_order = ["sse", "sse-h2", "ws"];

    private static readonly Dictionary<string, string> s_hex = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sse"] = "#0072B2",    // blue
        ["sse-h2"] = "#009E73", // green
        ["ws"] = "#D55E00",     // vermillion
    };

    private static readonly string[] s_extra = ["#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    /// <summary>Sort key of a transport: sse, sse-h2, ws, then others.</summary>
    public static int OrderOf(string transport)
    {
        int index = Array.FindIndex(s_order, t => string.Equals(t, transport, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? s_order.Length : index;
    }

    /// <summary>The transport's colour as <c>#RRGGBB</c>.</summary>
    public static string HexOf(string transport)
    {
        if (s_hex.TryGetValue(transport, out var hex))
        {
            return hex;
        }

        // Stable for unknown names: the same name always gets the same colour.
        int hash = 0;
        foreach (char c in transport)
        {
            hash = (hash * 31) + c;
        }

        return s_extra[(int)((uint)hash % (uint)s_extra.Length)];
    }

    /// <summary>The transport's colour.</summary>
    public static Color ColorOf(string transport) => Color.FromHex(HexOf(transport));

    /// <summary>The line pattern of the i-th load point: solid, dashed, dotted, then dense dashes.</summary>
    public static LinePattern PatternOf(int loadPointIndex) => (loadPointIndex % 4) switch
    {
        0 => LinePattern.Solid,
        1 => LinePattern.Dashed,
        2 => LinePattern.Dotted,
        _ => LinePattern.DenselyDashed,
    };

    /// <summary>A readable name for a transport.</summary>
    public static string LabelOf(string transport) => transport.ToLowerInvariant() switch
    {
        "sse" => "SSE (HTTP/1.1)",
        "sse-h2" => "SSE (HTTP/2)",
        "ws" => "WebSocket",
        _ => transport,
    };

    /// <summary>Several transports' readable names joined with "and": "SSE (HTTP/1.1) and WebSocket".</summary>
    public static string LabelsOf(IEnumerable<string> transports) => string.Join(" and ", transports.Select(LabelOf));
}
