namespace Harness.Core;

/// <summary>Looks through an exception's chain of inner exceptions, where the cause (a socket error, a TLS failure) sits under the wrappers.</summary>
public static class ExceptionChain
{
    /// <summary>The outermost <typeparamref name="T"/> in <paramref name="exception"/>'s chain of inner exceptions (itself included), or null.</summary>
    public static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
