namespace Harness.Core;

/// <summary>Looks through an exception's chain of inner exceptions, where the cause (a socket error, a TLS failure) sits under the wrappers.</summary>
public static class ExceptionChain
{
    /// <summary>The outermost <typeparamref name="T"/> in <paramref name="exception"/>'s chain of inner exceptions (itself included), or null.</summary>
    public static T? Find<T>(Exception? exception)
        where T : Exception => (T?)Find(exception, static e => e is T);

    /// <summary>The outermost exception in <paramref name="exception"/>'s chain (itself included) that <paramref name="match"/> accepts, or null.</summary>
    public static Exception? Find(Exception? exception, Func<Exception, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (match(e))
            {
                return e;
            }
        }

        return null;
    }
}
