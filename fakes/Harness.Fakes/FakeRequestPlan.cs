using System.Diagnostics;
using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>What one request (or WebSocket turn) will get: schedule, faults, request index, timing origin.</summary>
internal sealed record FakeRequestPlan(long RequestIndex, string Model, TokenSchedule Schedule, FaultSpec Faults, long StartTimestamp, int PromptTokens, FakeBooks Books)
{
    public IReadOnlyList<ScheduledChunk> Chunks { get; } = Schedule.Chunks(RequestIndex);

    public string Id => $"fake-{RequestIndex}";

    public long Due(TimeSpan offset) => StartTimestamp + (long)(offset.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    /// <summary>The completion tokens usage reports: the schedule's count, unless a fault makes it wrong on purpose.</summary>
    public int CompletionTokens => Faults.UsageTokens ?? Schedule.TokenCount;

    /// <summary>Resolves the plan; throws <see cref="FormatException"/> for a bad profile or fault.</summary>
    public static FakeRequestPlan Resolve(FakeServer server, long startTimestamp, string? model, string? profileHeader, string? faultHeader, string? faultField, string? indexHeader, int promptTokens, bool warmUp = false)
    {
        // The fake's own warm-up gets the schedule its model names and no faults, whatever the defaults.
        var schedule = warmUp ? TokenSchedule.Default : server.Options.Schedule;
        if (!string.IsNullOrWhiteSpace(profileHeader))
        {
            schedule = TokenSchedule.Parse(profileHeader, schedule);
        }

        if (model is not null && model.StartsWith("fake/", StringComparison.Ordinal) && model.Length > 5)
        {
            schedule = TokenSchedule.Parse(model[5..], schedule);
        }

        var faults = warmUp ? FaultSpec.None : server.Options.Faults;
        if (!warmUp && !string.IsNullOrWhiteSpace(faultHeader))
        {
            faults = FaultSpec.Parse(faultHeader, faults);
        }

        if (!warmUp && !string.IsNullOrWhiteSpace(faultField))
        {
            faults = FaultSpec.Parse(faultField, faults);
        }

        var books = server.BooksFor(warmUp);
        var index = long.TryParse(indexHeader, out var given) && given >= 0 ? given : books.NextRequestIndex();
        if (!faults.AppliesTo(index))
        {
            faults = FaultSpec.None;
        }

        return new FakeRequestPlan(index, model ?? "fake", schedule, faults, startTimestamp, Math.Max(1, promptTokens), books);
    }

    /// <summary>A rough prompt token estimate: a quarter of the characters of every message content.</summary>
    public static int EstimatePromptTokens(int characters) => Math.Max(1, (characters + 3) / 4);
}
