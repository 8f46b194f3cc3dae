using System.Text.Json;
using Harness.Core;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// <c>verdicts.json</c> in a results directory: what the last <c>harness verify</c> decided, so the
/// report can show it. Uses the results files' JSON settings (camelCase, enums as snake_case strings).
/// </summary>
public sealed record VerdictFile
{
    /// <summary>The file name.</summary>
    public const string FileName = "verdicts.json";

    /// <summary>When the verdicts were made (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The combined verdict over every claim and series.</summary>
    public VerdictStatus Overall { get; init; }

    /// <summary>How the interval was computed, for the reader.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>One entry per claim and series.</summary>
    public List<ClaimVerdict> Verdicts { get; init; } = [];

    /// <summary>Writes the file into <paramref name="resultsDir"/>; returns its path.</summary>
    public static string Write(string resultsDir, VerdictFile file)
    {
        string path = Path.Combine(resultsDir, FileName);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(file, ResultsDirectory.JsonOptions));
        return path;
    }

    /// <summary>Reads the file from <paramref name="resultsDir"/>, or null when there is none.</summary>
    public static VerdictFile? Read(string resultsDir)
    {
        string path = Path.Combine(resultsDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        VerdictFile? file;
        try
        {
            file = JsonSerializer.Deserialize<VerdictFile>(File.ReadAllText(path), ResultsDirectory.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a verdicts file ({JsonProblem.Describe(ex)})", ex);
        }

        // JSON nulls pass the serializer where the report then dereferences (found by VerdictFilePropertyTests).
        return file switch
        {
            null => throw new InvalidDataException($"{path}: not a verdicts file (null)"),
            { Verdicts: null } or { Method: null } => throw new InvalidDataException($"{path}: not a verdicts file (a null list or method)"),
            _ when file.Verdicts.Any(v => v is null || v.Claim is null || v.Metric is null || v.Transport is null || v.LoadPoint is null || v.Reason is null || v.Unit is null) =>
                throw new InvalidDataException($"{path}: not a verdicts file (a verdict with a null field)"),
            _ => file,
        };
    }
}
