namespace Harness.Clients.Internal;

/// <summary>How a client turns an exception from the network stack into one line of a timeline.</summary>
internal static class ExceptionText
{
    /// <summary>True when <paramref name="ex"/> or one of its inner exceptions is a <typeparamref name="T"/>.</summary>
    public static bool HasInner<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The innermost exception: the socket error, not the wrappers around it.</summary>
    public static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary><paramref name="text"/> on one line.</summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>"Type: innermost message", on one line.</summary>
    public static string Describe(Exception ex) => OneLine($"{ex.GetType().Name}: {Innermost(ex).Message}");
}
