using Harness.Clients;

namespace Harness.Cli.Options;

/// <summary>Parses the URL an option names (<see cref="EndpointUrl.Parse"/>), its message led by the option.</summary>
internal static class UrlText
{
    /// <summary>Parses <paramref name="text"/>; null when absent.</summary>
    /// <exception cref="UsageException">Not an absolute URL of one of <paramref name="schemes"/>, its port out of range, or credentials in it.</exception>
    public static Uri? Parse(string? text, string option, IReadOnlyList<string> schemes)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return EndpointUrl.Parse(text, schemes);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option}: {ex.Message}");
        }
    }
}
