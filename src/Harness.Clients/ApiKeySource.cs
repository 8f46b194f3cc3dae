using Harness.Clients.Redaction;

namespace Harness.Clients;

/// <summary>
/// Where the API key comes from: <c>--api-key-file FILE</c>, else <c>OPENAI_API_KEY</c> (one spelling
/// everywhere). A resolved key is added to <see cref="SecretRedactor"/>: from then on no output of
/// this process shows it.
/// </summary>
public static class ApiKeySource
{
    /// <summary>The environment variable read when no key file is given.</summary>
    public const string OpenAiVariable = "OPENAI_API_KEY";

    /// <summary>Resolves the key; null when none is configured.</summary>
    /// <exception cref="IOException">The key file cannot be read or is empty (the message never contains the key).</exception>
    public static string? Resolve(string? keyFile)
    {
        if (!string.IsNullOrEmpty(keyFile))
        {
            if (Directory.Exists(keyFile))
            {
                throw new IOException($"the API key file '{keyFile}' is a directory");
            }

            string text;
            try
            {
                text = File.ReadAllText(keyFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The reason only: an I/O error's message names the path, never the file's content.
                string why = ex switch
                {
                    FileNotFoundException or DirectoryNotFoundException => "no such file",
                    UnauthorizedAccessException => "permission denied",
                    _ => ex.Message,
                };
                throw new IOException($"cannot read the API key file '{keyFile}': {why}", ex);
            }

            if (text.Length == 0)
            {
                throw new IOException($"the API key file '{keyFile}' is empty");
            }

            SecretRedactor.Add(text);
            return text;
        }

        var fromEnv = Environment.GetEnvironmentVariable(OpenAiVariable);
        if (string.IsNullOrWhiteSpace(fromEnv))
        {
            return null;
        }

        SecretRedactor.Add(fromEnv.Trim());
        return fromEnv.Trim();
    }
}
