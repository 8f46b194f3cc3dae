namespace Harness.Cli.Tests.Deploy;

/// <summary>A fact that needs network namespaces; skipped, with the reason shown, where they cannot be made.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_unavailable = new(NetworkNamespaces.Unavailable);

    public NetnsFactAttribute()
    {
        if (s_unavailable.Value is { } reason)
        {
            Skip = "no network namespaces: " + reason;
        }
    }
}
