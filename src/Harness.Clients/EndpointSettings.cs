using System.Buffers;
using System.Text.Json;
using Harness.Clients.Redaction;

namespace Harness.Clients;

/// <summary>
/// What to send and where, as the one endpoint vocabulary gives it (the CLI's <c>--url</c>,
/// <c>--ws-url</c>, <c>--api-key-file</c>, <c>--header</c>, <c>--model</c>, <c>--prompt</c>/<c>--prompts</c>,
/// <c>--max-tokens</c>, <c>--body</c>, <c>--input-tokens</c>, <c>--tokenizer</c>, <c>--insecure</c>, and a scenario
/// file's <c>target</c> with the same names). Null means "not given"; <see cref="OverriddenBy"/> layers
/// the command line over a scenario file.
/// </summary>
public sealed record EndpointSettings
{
    /// <summary>The model the embedded fake answers to (its schedule comes from <c>--schedule</c>).</summary>
    public const string FakeModel = "fake";

    /// <summary>The SSE endpoint (base URL or full path), for sse and sse-h2.</summary>
    public Uri? Url { get; init; }

    /// <summary>The WebSocket endpoint, for ws.</summary>
    public Uri? WebSocketUrl { get; init; }

    /// <summary>The file holding the API key (else <c>OPENAI_API_KEY</c>).</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Extra request headers (never Authorization).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The model name sent.</summary>
    public string? Model { get; init; }

    /// <summary>The conversations requests cycle through (from <c>--prompt</c> or <c>--prompts</c>).</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>>? Conversations { get; init; }

    /// <summary><c>max_tokens</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Fields merged into every request body.</summary>
    public IReadOnlyDictionary<string, JsonElement>? BodyFields { get; init; }

    /// <summary>A synthetic prompt of this many tokens (by <see cref="Tokenizer"/>) instead of the prompts.</summary>
    public int? InputTokens { get; init; }

    /// <summary>The tokenizer's name (<c>o200k_base</c>, <c>cl100k_base</c>, <c>none</c>).</summary>
    public string? Tokenizer { get; init; }

    /// <summary>
    /// Accept any TLS certificate (<c>--insecure</c>, a scenario's <c>target.insecure</c>): a relay or fake with a
    /// self-signed or internal-CA certificate can then be measured. The connection is still encrypted,
    /// but the server is not authenticated.
    /// </summary>
    public bool AcceptAnyCertificate { get; init; }

    /// <summary>Whether a real endpoint is named (else the embedded fake serves).</summary>
    public bool IsReal => Url is not null || WebSocketUrl is not null;

    /// <summary>These settings with every value <paramref name="other"/> gives replacing this one's.</summary>
    public EndpointSettings OverriddenBy(EndpointSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool endpointGiven = other.IsReal;
        return new EndpointSettings
        {
            // A URL on the command line replaces the file's endpoints as a pair, so --ws-url alone does not keep the file's SSE URL.
            Url = endpointGiven ? other.Url : Url,
            WebSocketUrl = endpointGiven ? other.WebSocketUrl : WebSocketUrl,
            ApiKeyFile = other.ApiKeyFile ?? ApiKeyFile,
            Headers = other.Headers ?? Headers,
            Model = other.Model ?? Model,
            Conversations = other.Conversations ?? Conversations,
            MaxTokens = other.MaxTokens ?? MaxTokens,
            BodyFields = other.BodyFields ?? BodyFields,
            InputTokens = other.InputTokens ?? InputTokens,
            Tokenizer = other.Tokenizer ?? Tokenizer,
            AcceptAnyCertificate = other.AcceptAnyCertificate || AcceptAnyCertificate,
        };
    }

    /// <summary>Parses one <c>Name: value</c> header into <paramref name="into"/>.</summary>
    /// <exception cref="FormatException">Not <c>Name: value</c>, or an Authorization header (the key has its own source).</exception>
    public static void AddHeader(IDictionary<string, string> into, string text)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || text[..colon].Trim().Length == 0)
        {
            throw new FormatException($"'{text}' is not 'Name: value'");
        }

        string name = text[..colon].Trim();
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"a header cannot carry Authorization; give the key with --api-key-file or {ApiKeySource.OpenAiVariable}");
        }

        // RFC 9110: a name is a token; a value has no control bytes but tab. Refused here, not
        // found out at send time as a failed request.
        if (name.AsSpan().IndexOfAnyExcept(s_tokenChars) >= 0)
        {
            throw new FormatException($"'{name}' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)");
        }

        string value = text[(colon + 1)..].Trim();
        if (value.AsSpan().IndexOfAny(s_controlChars) >= 0)
        {
            throw new FormatException($"the value of header '{name}' holds a line break or another control character");
        }

        if (CarriesASecret(name))
        {
            // Azure's api-key, x-api-key, tokens, a gateway's session cookie: a credential sent this
            // way is as secret as the Bearer key, echoed or not.
            foreach (string secret in SecretsOf(name, value))
            {
                SecretRedactor.Add(secret);
            }
        }

        into[name] = value;
    }

    private const int MinHeaderSecretLength = 8;

    private static readonly SearchValues<char> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> s_controlChars =
        SearchValues.Create("\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>
    /// Whether a header named <paramref name="name"/> carries a credential: its name says key, token,
    /// secret, auth (Proxy-Authorization too) or cookie (Cookie, Set-Cookie: a gateway's or SSO's
    /// session cookie opens the endpoint as a key does).
    /// </summary>
    public static bool CarriesASecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Contains("key", StringComparison.OrdinalIgnoreCase) || name.Contains("token", StringComparison.OrdinalIgnoreCase)
            || name.Contains("secret", StringComparison.OrdinalIgnoreCase) || name.Contains("auth", StringComparison.OrdinalIgnoreCase)
            || name.Contains("cookie", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// What of a credential header's value is secret: the whole value, and for a cookie header each
    /// cookie's value too (a server may echo one cookie alone; of Set-Cookie only the first pair, the
    /// rest are attributes such as Expires). A short value is no credential, and redacting it
    /// everywhere would garble the output.
    /// </summary>
    private static IEnumerable<string> SecretsOf(string name, string value)
    {
        if (value.Length >= MinHeaderSecretLength)
        {
            yield return value;
        }

        if (!name.Contains("cookie", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        string[] pairs = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (string pair in name.Contains("set-cookie", StringComparison.OrdinalIgnoreCase) ? pairs.Take(1) : pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string cookie = (eq >= 0 ? pair[(eq + 1)..] : pair).Trim().Trim('"');
            if (cookie.Length >= MinHeaderSecretLength && cookie != value)
            {
                yield return cookie;
            }
        }
    }
}
