namespace Harness.Load.Simulations;

/// <summary>A load profile or scenario that cannot run; <see cref="Error"/> says why, the message in one line.</summary>
public sealed class LoadProfileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LoadProfileException(LoadProfileError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public LoadProfileException()
        : this(LoadProfileError.Empty, "invalid load profile")
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public LoadProfileException(string message)
        : this(LoadProfileError.Empty, message)
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public LoadProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What is wrong.</summary>
    public LoadProfileError Error { get; }
}
