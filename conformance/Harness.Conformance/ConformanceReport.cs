using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.Conformance;

/// <summary>The results of one conformance run, with its text, Markdown and JSON forms.</summary>
/// <param name="Url">The chat-completions URL.</param>
/// <param name="WebSocketUrl">The WebSocket URL, or null.</param>
/// <param name="Model">The model name sent.</param>
/// <param name="StartedUtc">When the run started.</param>
/// <param name="Results">One result per check, in run order.</param>
public sealed record ConformanceReport(string Url, string? WebSocketUrl, string Model, DateTimeOffset StartedUtc, IReadOnlyList<CheckResult> Results)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>True when any check failed.</summary>
    public bool AnyFailed => Results.Any(r => r.Status == CheckStatus.Fail);

    /// <summary>Count of results with <paramref name="status"/>.</summary>
    public int Count(CheckStatus status) => Results.Count(r => r.Status == status);

    /// <summary>The ids of the failed checks.</summary>
    public IReadOnlyList<string> FailedIds => [.. Results.Where(r => r.Status == CheckStatus.Fail).Select(r => r.Id)];

    /// <summary>A fixed-width table for a terminal: check, result, evidence.</summary>
    public string ToTable()
    {
        var width = Math.Max(5, Results.Count == 0 ? 0 : Results.Max(r => r.Id.Length));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"check".PadRight(width)}  result  evidence\n");
        foreach (var r in Results)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Id.PadRight(width)}  {Word(r.Status),-6}  {r.Evidence}\n");
        }

        sb.Append(Summary()).Append('\n');
        return sb.ToString();
    }

    /// <summary>One line: counts of pass, fail, skip.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture, $"{Count(CheckStatus.Pass)} passed, {Count(CheckStatus.Fail)} failed, {Count(CheckStatus.Skip)} skipped");

    /// <summary>A Markdown report: target, then a table of check, result, evidence and the rule.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("# Conformance report\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"- endpoint: `{Url}`\n- websocket: {(WebSocketUrl is null ? "(none)" : $"`{WebSocketUrl}`")}\n- model: `{Model}`\n- started: {StartedUtc:yyyy-MM-ddTHH:mm:ssZ}\n- result: {Summary()}\n\n");
        sb.Append("| check | result | evidence | rule |\n|---|---|---|---|\n");
        foreach (var r in Results)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{r.Id}` | {(r.Status == CheckStatus.Fail ? "**fail**" : Word(r.Status))} | {Cell(r.Evidence)} | {Cell(r.Description)} |\n");
        }

        return sb.ToString();
    }

    /// <summary>The report as indented JSON (no API key is ever part of it).</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            url = Url,
            ws_url = WebSocketUrl,
            model = Model,
            started_utc = StartedUtc,
            passed = Count(CheckStatus.Pass),
            failed = Count(CheckStatus.Fail),
            skipped = Count(CheckStatus.Skip),
            checks = Results.Select(r => new
            {
                id = r.Id,
                transport = r.Transport,
                status = Word(r.Status),
                evidence = r.Evidence,
                rule = r.Description,
                elapsed_ms = Math.Round(r.Elapsed.TotalMilliseconds, 1),
            }),
        },
        s_json);

    private static string Word(CheckStatus s) => s switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        _ => "skip",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
