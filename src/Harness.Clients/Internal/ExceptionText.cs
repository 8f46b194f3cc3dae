using Harness.Core;

namespace Harness.Clients.Internal;

/// <summary>How a client turns an exception from the network stack into one line of a timeline (the wording itself: <see cref="TransportErrorText"/>).</summary>
internal static class ExceptionText
{
    private const string PlainKey = "Harness.PlainMessage";

    /// <summary>True when <paramref name="ex"/> or one of its inner exceptions is a <typeparamref name="T"/>.</summary>
    public static bool HasInner<T>(Exception ex)
        where T : Exception => ExceptionChain.Find<T>(ex) is not null;

    /// <summary>The innermost exception: the socket error, not the wrappers around it.</summary>
    public static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary>
    /// Marks <paramref name="ex"/> (one of the harness's own, e.g. the direct HTTP/1.1 path's) as
    /// already worded for the user: <see cref="TransportErrorText.Describe"/> then shows its message.
    /// </summary>
    public static T Plain<T>(T ex)
        where T : Exception
    {
        ex.Data[PlainKey] = true;
        return ex;
    }

    /// <summary>True for an exception marked by <see cref="Plain{T}"/>.</summary>
    public static bool IsPlain(Exception ex) => ex.Data.Contains(PlainKey);
}
