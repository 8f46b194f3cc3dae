using Harness.Clients.Redaction;

namespace Harness.Clients;

/// <summary>
/// Where the API key comes from: <c>--api-key-file FILE</c>, else <c>OPENAI_API_KEY</c> (one spelling
/// everywhere). A resolved key is added to <see cref="SecretRedactor"/>: from then on no output of
/// this process shows it. Surrounding whitespace (a file's trailing newline) is trimmed; a key with a
/// line break, another control character or a non-ASCII character inside, or a <c>Bearer </c> prefix,
/// is refused, since it could not go out as the header the harness writes.
/// </summary>
public static class ApiKeySource
{
    /// <summary>The environment variable read when no key file is given.</summary>
    public const string OpenAiVariable = "OPENAI_API_KEY";

    /// <summary>Resolves the key; null when none is configured.</summary>
    /// <exception cref="IOException">The key file cannot be read or is empty (the message never contains the key).</exception>
    /// <exception cref="FormatException">The key is not one a header can carry; the message names its source, never the key.</exception>
    public static string? Resolve(string? keyFile) => Resolve(keyFile, Environment.GetEnvironmentVariable);

    /// <summary>Resolves the key with <paramref name="environment"/> standing in for the process environment.</summary>
    internal static string? Resolve(string? keyFile, Func<string, string?> environment)
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

            return Accepted(text, $"the API key file '{keyFile}'");
        }

        var fromEnv = environment(OpenAiVariable);
        if (string.IsNullOrWhiteSpace(fromEnv))
        {
            return null;
        }

        return Accepted(fromEnv.Trim(), $"the API key in {OpenAiVariable}");
    }

    /// <summary>Adds <paramref name="key"/> to the redactor (whatever it is), then refuses it if no header can carry it.</summary>
    private static string Accepted(string key, string source)
    {
        SecretRedactor.Add(key);
        if (Problem(key) is { } problem)
        {
            throw new FormatException($"{source} {problem}");
        }

        return key;
    }

    /// <summary>What is wrong with <paramref name="key"/> as the token of <c>Authorization: Bearer</c>, or null; never quotes the key.</summary>
    private static string? Problem(string key)
    {
        if (key.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "holds a line break inside the key (one key, on one line)";
        }

        int control = key.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control < 0)
        {
            control = key.IndexOf('\u007f', StringComparison.Ordinal);
        }

        if (control >= 0)
        {
            return $"holds a control character (U+{(int)key[control]:X4}) at position {control + 1}";
        }

        int nonAscii = key.AsSpan().IndexOfAnyExceptInRange('\0', '\u007f');
        if (nonAscii >= 0)
        {
            return $"holds a non-ASCII character at position {nonAscii + 1} (a pasted quote or dash?)";
        }

        if (key.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "starts with 'Bearer ': give the key alone, the harness adds the scheme";
        }

        return null;
    }
}
