namespace Harness.Clients.Internal;

/// <summary>What one decoded event or message means to a timeline.</summary>
internal enum StreamEventKind
{
    /// <summary>Anything else (lifecycle events, pongs): counted as a chunk only.</summary>
    Other,

    /// <summary>A content delta (possibly empty).</summary>
    Delta,

    /// <summary>A reasoning delta.</summary>
    Reasoning,

    /// <summary>The turn ended well (may carry usage).</summary>
    Done,

    /// <summary>The server reported an error; the turn is over.</summary>
    Error,

    /// <summary>The server said the answer is incomplete.</summary>
    Incomplete,

    /// <summary>Not valid JSON (or not an object).</summary>
    Malformed,
}
