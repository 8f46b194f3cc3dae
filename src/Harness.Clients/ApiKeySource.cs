namespace Harness.Clients;

/// <summary>Where the API key comes from: a key file, else <c>HARNESS_API_KEY</c>, else <c>OPENAI_API_KEY</c>.</summary>
public static class ApiKeySource
{
    /// <summary>The environment variable read first.</summary>
    public const string HarnessVariable = "HARNESS_API_KEY";

    /// <summary>The environment variable read second.</summary>
    public const string OpenAiVariable = "OPENAI_API_KEY";

    /// <summary>Resolves the key; null when none is configured.</summary>
    /// <exception cref="IOException">The key file cannot be read or is empty (the message never contains the key).</exception>
    public static string? Resolve(string? keyFile)
    {
        if (!string.IsNullOrEmpty(keyFile))
        {
            string text;
            try
            {
                text = File.ReadAllText(keyFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot read the API key file '{keyFile}': {ex.GetType().Name}", ex);
            }

            return text.Length > 0 ? text : throw new IOException($"the API key file '{keyFile}' is empty");
        }

        var fromEnv = Environment.GetEnvironmentVariable(HarnessVariable);
        if (string.IsNullOrWhiteSpace(fromEnv))
        {
            fromEnv = Environment.GetEnvironmentVariable(OpenAiVariable);
        }

        return string.IsNullOrWhiteSpace(fromEnv) ? null : fromEnv.Trim();
    }
}
