using System.CommandLine;
using System.Net.Security;
using Harness.Clients;

namespace Harness.Cli.Options;

/// <summary>
/// The one endpoint vocabulary, the same in every verb that sends requests (stream, compare, load,
/// verify, conformance, overhead) and in scenario files (same names in camelCase): where to send,
/// with which key and headers, which model, what to ask. Binds to one <see cref="EndpointSettings"/>.
/// </summary>
internal sealed class EndpointOptions
{
    /// <summary>The environment variable <c>--url</c> defaults to (as the OpenAI SDKs read it).</summary>
    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    /// <summary>What an untrusted certificate's failure line adds, in every verb (each has <c>--insecure</c>).</summary>
    public const string InsecureHint = "--insecure accepts any certificate (a self-signed one, say)";

    private static readonly RemoteCertificateValidationCallback s_acceptAny = (_, _, _, _) => true;

    private readonly bool _requestOptions;

    /// <summary>
    /// Creates the options; <paramref name="prefix"/> starts every description. Without
    /// <paramref name="requestOptions"/> only the connection options exist (for verbs that write
    /// their own requests, like conformance).
    /// </summary>
    public EndpointOptions(string prefix = "", bool requestOptions = true)
    {
        _requestOptions = requestOptions;
        Url = new Option<string?>("--url") { Description = prefix + $"SSE endpoint: base URL (http://host:port[/v1]) or the full …/chat/completions URL. Default: ${BaseUrlVariable} when set." };
        WebSocketUrl = new Option<string?>("--ws-url") { Description = prefix + "WebSocket endpoint (ws:// or wss://)." };
        ApiKeyFile = new Option<string?>("--api-key-file") { Description = prefix + $"File holding the API key (else ${ApiKeySource.OpenAiVariable}). Never printed or written." };
        Header = new Option<string[]>("--header") { Description = prefix + "Extra request header 'Name: value' (repeatable; not Authorization).", AllowMultipleArgumentsPerToken = false };
        Model = new Option<string?>("--model") { Description = prefix + $"Model name; required against a real endpoint ('{EndpointSettings.FakeModel}' for the embedded fake)." };
        Insecure = new Option<bool>("--insecure") { Description = prefix + "Accept any TLS certificate (a self-signed or internal-CA one): still encrypted, but the server is not authenticated. Said once on stderr." };
        Prompt = new Option<string?>("--prompt") { Description = prefix + "The user message of every request." };
        Prompts = new Option<string?>("--prompts") { Description = prefix + "JSONL file: one messages array per line ([{\"role\":\"user\",\"content\":\"...\"}]), cycled." };
        MaxTokens = new Option<int?>("--max-tokens") { Description = prefix + "max_tokens of every request." };
        Body = new Option<string?>("--body") { Description = prefix + "JSON object merged into every request body, e.g. '{\"temperature\":0,\"reasoning_effort\":\"low\"}'." };
        InputTokens = new Option<int?>("--input-tokens") { Description = prefix + "A synthetic prompt of N tokens (by --tokenizer) instead of --prompt." };
        Tokenizer = new Option<string?>("--tokenizer") { Description = prefix + $"Counts output tokens when the server sends no usage (and checks usage when it does), and sizes --input-tokens: {string.Join(", ", TokenCounter.Names)} or {TokenCounter.NoneName}. Default: {TokenCounter.Cl100kName} for gpt-4/gpt-3.5 models, else {TokenCounter.DefaultName}." };
    }

    public Option<string?> Url { get; }

    public Option<string?> WebSocketUrl { get; }

    public Option<string?> ApiKeyFile { get; }

    public Option<string[]> Header { get; }

    public Option<string?> Model { get; }

    public Option<bool> Insecure { get; }

    public Option<string?> Prompt { get; }

    public Option<string?> Prompts { get; }

    public Option<int?> MaxTokens { get; }

    public Option<string?> Body { get; }

    public Option<int?> InputTokens { get; }

    public Option<string?> Tokenizer { get; }

    /// <summary>Every option this instance offers.</summary>
    public IReadOnlyList<Option> All => _requestOptions
        ? [Url, WebSocketUrl, ApiKeyFile, Header, Model, Insecure, Prompt, Prompts, MaxTokens, Body, InputTokens, Tokenizer]
        : [Url, WebSocketUrl, ApiKeyFile, Header, Model, Insecure];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The settings given on the command line (nulls for what was not given). <c>--url</c> falls back
    /// to <c>$OPENAI_BASE_URL</c> when neither URL is given and <paramref name="urlFromEnvironment"/>.
    /// </summary>
    /// <exception cref="UsageException">A value is malformed; the message names the option.</exception>
    public EndpointSettings Bind(ParseResult parsed, bool urlFromEnvironment = true)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        string? url = parsed.GetValue(Url);
        string? wsUrl = parsed.GetValue(WebSocketUrl);
        string option = "--url";
        if (url is null && wsUrl is null && urlFromEnvironment && Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } fromEnv)
        {
            url = fromEnv;
            option = "$" + BaseUrlVariable;
        }

        var settings = new EndpointSettings
        {
            Url = UrlText.Parse(url, option, ["http", "https"]),
            WebSocketUrl = UrlText.Parse(wsUrl, "--ws-url", ["ws", "wss"]),
            ApiKeyFile = parsed.GetValue(ApiKeyFile),
            Headers = ParseHeaders(parsed.GetValue(Header)),
            Model = parsed.GetValue(Model) is { } model && string.IsNullOrWhiteSpace(model) ? throw new UsageException("--model must not be empty") : parsed.GetValue(Model),
            AcceptAnyCertificate = parsed.GetValue(Insecure),
        };
        if (!_requestOptions)
        {
            return settings;
        }

        string? prompt = parsed.GetValue(Prompt);
        string? prompts = parsed.GetValue(Prompts);
        int? inputTokens = parsed.GetValue(InputTokens);
        if (new[] { prompt is not null, prompts is not null, inputTokens is not null }.Count(given => given) > 1)
        {
            throw new UsageException("give one of --prompt, --prompts or --input-tokens");
        }

        if (parsed.GetValue(MaxTokens) is int max && max < 1)
        {
            throw new UsageException($"--max-tokens must be at least 1, got {max}");
        }

        if (inputTokens is int n && n is < 1 or > 1_000_000)
        {
            throw new UsageException($"--input-tokens must be from 1 to 1000000, got {n}");
        }

        string? tokenizer = parsed.GetValue(Tokenizer);
        if (tokenizer is not null && !TokenCounter.IsKnown(tokenizer))
        {
            throw new UsageException($"--tokenizer: unknown '{tokenizer}' ({string.Join(", ", TokenCounter.Names)}, {TokenCounter.NoneName})");
        }

        return settings with
        {
            Conversations = prompt is not null ? [[new ChatMessage("user", prompt)]] : prompts is not null ? ReadConversations(prompts) : null,
            MaxTokens = parsed.GetValue(MaxTokens),
            BodyFields = parsed.GetValue(Body) is { } body ? ParseBody(body) : null,
            InputTokens = inputTokens,
            Tokenizer = tokenizer,
        };
    }

    /// <summary>The certificate check the clients get: any certificate with <c>--insecure</c>, else null (the system's checks).</summary>
    public static RemoteCertificateValidationCallback? CertificateValidationFor(EndpointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AcceptAnyCertificate ? s_acceptAny : null;
    }

    /// <summary>
    /// Says once on stderr that <c>--insecure</c> is on, before anything is sent: the figures then
    /// come from an unauthenticated server. <paramref name="givenAs"/> names where it was turned on
    /// (a scenario file's key, say). Against the embedded fake, which serves plain http, it changes
    /// nothing: a note says so rather than let it pass as if it had been applied.
    /// </summary>
    public static void WarnIfInsecure(EndpointSettings settings, CliConsole console, string givenAs = "--insecure")
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        if (!settings.AcceptAnyCertificate)
        {
            return;
        }

        console.Error.WriteLine(settings.IsReal
            ? $"harness: warning: {givenAs}: any TLS certificate is accepted; the connection is encrypted, but the server is not authenticated"
            : $"harness: note: {givenAs} has no effect: the embedded fake serves plain http on 127.0.0.1 (it applies to an https/wss --url or --ws-url)");
    }

    /// <summary>
    /// <paramref name="error"/> followed by <see cref="InsecureHint"/> when it says the certificate
    /// was not trusted (the clients' wording cannot name a CLI option); else unchanged.
    /// </summary>
    public static string WithInsecureHint(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Contains(TransportErrorText.UntrustedCertificate, StringComparison.Ordinal) ? $"{error}; {InsecureHint}" : error;
    }

    /// <summary>The model to send: the given one, <c>fake</c> for the embedded fake, else a usage error.</summary>
    public static string ModelFor(EndpointSettings settings) =>
        settings.Model ?? (settings.IsReal
            ? throw new UsageException("--model is required against a real endpoint (the model name your endpoint serves)")
            : EndpointSettings.FakeModel);

    /// <summary>The API key (file, else environment), or null; a bad key file is a usage error.</summary>
    public static string? ApiKeyFor(EndpointSettings settings)
    {
        try
        {
            return ApiKeySource.Resolve(settings.ApiKeyFile);
        }
        catch (IOException ex)
        {
            throw new UsageException($"--api-key-file: {ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>
    /// The tokenizer of <c>--tokenizer</c> (or a scenario's <c>tokenizer</c>), else the one the model
    /// name implies (<see cref="TokenCounter.NameForModel"/>); null for <c>none</c>.
    /// </summary>
    public static TokenCounter? TokenCounterFor(EndpointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string name = settings.Tokenizer ?? TokenCounter.NameForModel(settings.Model);
        try
        {
            return TokenCounter.Create(name);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--tokenizer: unknown '{name}' ({string.Join(", ", TokenCounter.Names)}, {TokenCounter.NoneName})");
        }
    }

    /// <summary>
    /// The conversations requests cycle through: a synthetic prompt of <c>--input-tokens</c>, the
    /// given prompts, or <paramref name="defaultPrompt"/>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ChatMessage>> ConversationsFor(EndpointSettings settings, string defaultPrompt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.InputTokens is int tokens)
        {
            var counter = TokenCounterFor(settings)
                ?? throw new UsageException("--input-tokens needs a tokenizer (not --tokenizer none)");
            return [[new ChatMessage("user", SyntheticPrompt.Build(tokens, counter))]];
        }

        return settings.Conversations ?? [[new ChatMessage("user", defaultPrompt)]];
    }

    private static Dictionary<string, string>? ParseHeaders(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string value in values)
        {
            try
            {
                EndpointSettings.AddHeader(headers, value);
            }
            catch (FormatException ex)
            {
                throw new UsageException($"--header: {ex.Message}");
            }
        }

        return headers;
    }

    private static IReadOnlyDictionary<string, System.Text.Json.JsonElement> ParseBody(string body)
    {
        try
        {
            return RequestBodyFields.Parse(body);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--body: {ex.Message}");
        }
    }

    private static IReadOnlyList<IReadOnlyList<ChatMessage>> ReadConversations(string path)
    {
        try
        {
            return ConversationFile.Read(InputFile.Require(path, "--prompts:"));
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            throw new UsageException($"--prompts: {ex.Message}");
        }
    }
}
