using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Core.Schedule;

/// <summary>
/// The timing and text of one streamed answer, shared by the fakes (which send it), the streaming
/// clients and the load engine (which compare what they measured with it). Immutable; JSON form:
/// <c>{"ttft_ms":120,"itl_ms":20,"dist":"normal","sd_ms":5,"jitter_ms":0,"tokens":200,"chunk":1,"lang":"thai","seed":7}</c>.
/// </summary>
/// <remarks>
/// <para>Compact form (model names <c>fake/…</c>, header <c>x-fake-profile</c>, <see cref="Parse"/>):
/// comma- or semicolon-separated <c>key=value</c> pairs; keys not given keep the defaults' values.
/// Keys: <c>ttft</c> (first token delay), <c>itl</c> (mean inter-token interval), <c>sd</c> or
/// <c>spread</c> (standard deviation for normal/lognormal, half-width for uniform), <c>jitter</c>
/// (extra uniform ±jitter on every gap), <c>dist</c> (<c>fixed</c>, <c>uniform</c>, <c>normal</c>,
/// <c>lognormal</c>), <c>tokens</c>, <c>chunk</c> (tokens per event), <c>lang</c> (<c>english</c>,
/// <c>thai</c>, <c>emoji</c>, <c>mixed</c>), <c>seed</c>. Durations are milliseconds, optionally
/// suffixed <c>ms</c> or <c>s</c> (<c>ttft=1.5s</c>).</para>
/// <para>Request <c>k</c> (the fake's per-server request counter, echoed in the
/// <c>x-fake-request-index</c> response header) draws its texts and gaps from
/// <c>(Seed, k)</c>, so every call of <see cref="Chunks"/> with the same <c>k</c> gives the same
/// answer on every machine. Offsets are measured from the start of the request.</para>
/// </remarks>
public sealed record TokenSchedule
{
    private static readonly string[] s_knownKeys = ["ttft", "itl", "sd", "spread", "jitter", "dist", "tokens", "chunk", "lang", "seed"];

    /// <summary>Options for the JSON form (snake_case keys, lower-case enum names).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Converters = { new JsonStringEnumConverter(new LowerCaseJsonNamingPolicy()) },
        WriteIndented = false,
    };

    // Reading a file the user wrote: a key the schedule does not have is an error, not a default served in silence.
    private static readonly JsonSerializerOptions s_strictJson = new(JsonOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>The keys of the JSON form, in the order the type declares them.</summary>
    public static IReadOnlyList<string> JsonKeys { get; } =
        [.. typeof(TokenSchedule).GetProperties().Select(p => p.GetCustomAttributes(typeof(JsonPropertyNameAttribute), false).OfType<JsonPropertyNameAttribute>().FirstOrDefault()?.Name).OfType<string>()];

    /// <summary>100 ms to the first token, then 50 English tokens 20 ms apart, one per event.</summary>
    public static TokenSchedule Default { get; } = new();

    /// <summary>Time to first token (from request start to the first chunk).</summary>
    [JsonIgnore]
    public TimeSpan FirstTokenDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Mean gap between consecutive tokens.</summary>
    [JsonIgnore]
    public TimeSpan InterTokenInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Standard deviation (normal, lognormal) or half-width (uniform) of the gap.</summary>
    [JsonIgnore]
    public TimeSpan IntervalSpread { get; init; } = TimeSpan.Zero;

    /// <summary>Extra uniform ±jitter added to every gap and to the first token delay.</summary>
    [JsonIgnore]
    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    /// <summary>How gaps are drawn.</summary>
    [JsonPropertyName("dist")]
    public IntervalDistribution Distribution { get; init; } = IntervalDistribution.Fixed;

    /// <summary>Number of tokens in the answer (at least 1).</summary>
    [JsonPropertyName("tokens")]
    public int TokenCount { get; init; } = 50;

    /// <summary>Tokens per streamed event (at least 1); an event is due when its last token is.</summary>
    [JsonPropertyName("chunk")]
    public int TokensPerChunk { get; init; } = 1;

    /// <summary>The kind of text produced.</summary>
    [JsonPropertyName("lang")]
    public TokenTextKind TextKind { get; init; } = TokenTextKind.English;

    /// <summary>Seed mixed with the request index for texts and gaps.</summary>
    [JsonPropertyName("seed")]
    public long Seed { get; init; } = 1;

    /// <summary><see cref="FirstTokenDelay"/> in milliseconds (JSON form).</summary>
    [JsonPropertyName("ttft_ms")]
    public double FirstTokenDelayMs { get => FirstTokenDelay.TotalMilliseconds; init => FirstTokenDelay = FromMs(value); }

    /// <summary><see cref="InterTokenInterval"/> in milliseconds (JSON form).</summary>
    [JsonPropertyName("itl_ms")]
    public double InterTokenIntervalMs { get => InterTokenInterval.TotalMilliseconds; init => InterTokenInterval = FromMs(value); }

    /// <summary><see cref="IntervalSpread"/> in milliseconds (JSON form).</summary>
    [JsonPropertyName("sd_ms")]
    public double IntervalSpreadMs { get => IntervalSpread.TotalMilliseconds; init => IntervalSpread = FromMs(value); }

    /// <summary><see cref="Jitter"/> in milliseconds (JSON form).</summary>
    [JsonPropertyName("jitter_ms")]
    public double JitterMs { get => Jitter.TotalMilliseconds; init => Jitter = FromMs(value); }

    /// <summary>Number of events: <c>ceil(TokenCount / TokensPerChunk)</c>.</summary>
    [JsonIgnore]
    public int ChunkCount => (TokenCount + TokensPerChunk - 1) / TokensPerChunk;

    /// <summary>The token texts of request <paramref name="requestIndex"/>.</summary>
    public IReadOnlyList<string> TokenTexts(long requestIndex)
    {
        Validate();
        var rng = new ScheduleRandom(ScheduleRandom.Mix((ulong)Seed, ((ulong)requestIndex * 2) + 2));
        var texts = new string[TokenCount];
        for (var i = 0; i < texts.Length; i++)
        {
            var kind = TextKind == TokenTextKind.Mixed ? (TokenTextKind)rng.NextInt(3) : TextKind;
            var list = kind switch
            {
                TokenTextKind.Thai => TokenVocabulary.Thai,
                TokenTextKind.Emoji => TokenVocabulary.Emoji,
                _ => TokenVocabulary.English,
            };
            var text = list[rng.NextInt(list.Length)];
            if (i > 0 && TokenVocabulary.IsMark(text) && TokenVocabulary.IsMark(texts[i - 1]))
            {
                text = TokenVocabulary.EnglishWords[rng.NextInt(TokenVocabulary.EnglishWords.Length)];
            }

            texts[i] = text;
        }

        return texts;
    }

    /// <summary>When each token of request <paramref name="requestIndex"/> is due, from request start (non-decreasing).</summary>
    public IReadOnlyList<TimeSpan> TokenOffsets(long requestIndex)
    {
        Validate();
        var rng = new ScheduleRandom(ScheduleRandom.Mix((ulong)Seed, ((ulong)requestIndex * 2) + 1));
        var offsets = new TimeSpan[TokenCount];
        var meanMs = InterTokenInterval.TotalMilliseconds;
        var spreadMs = IntervalSpread.TotalMilliseconds;
        var jitterMs = Jitter.TotalMilliseconds;
        var atMs = Math.Max(0, FirstTokenDelay.TotalMilliseconds + JitterSample(ref rng, jitterMs));
        double logMu = 0, logSigma = 0;
        if (Distribution == IntervalDistribution.LogNormal && meanMs > 0)
        {
            var variance = spreadMs * spreadMs;
            logSigma = Math.Sqrt(Math.Log(1 + (variance / (meanMs * meanMs))));
            logMu = Math.Log(meanMs) - (logSigma * logSigma / 2);
        }

        for (var i = 0; i < offsets.Length; i++)
        {
            if (i > 0)
            {
                var gap = Distribution switch
                {
                    IntervalDistribution.Uniform => meanMs + (((rng.NextDouble() * 2) - 1) * spreadMs),
                    IntervalDistribution.Normal => meanMs + (rng.NextStandardNormal() * spreadMs),
                    IntervalDistribution.LogNormal => meanMs > 0 ? Math.Exp(logMu + (logSigma * rng.NextStandardNormal())) : 0,
                    _ => meanMs,
                };
                atMs += Math.Max(0, gap + JitterSample(ref rng, jitterMs));
            }

            offsets[i] = FromMs(atMs);
        }

        return offsets;
    }

    /// <summary>The events of request <paramref name="requestIndex"/>: tokens grouped by <see cref="TokensPerChunk"/>.</summary>
    public IReadOnlyList<ScheduledChunk> Chunks(long requestIndex)
    {
        var texts = TokenTexts(requestIndex);
        var offsets = TokenOffsets(requestIndex);
        var chunks = new ScheduledChunk[ChunkCount];
        var text = new StringBuilder();
        for (var c = 0; c < chunks.Length; c++)
        {
            var first = c * TokensPerChunk;
            var count = Math.Min(TokensPerChunk, TokenCount - first);
            string chunkText;
            if (count == 1)
            {
                chunkText = texts[first];
            }
            else
            {
                text.Clear();
                for (var t = first; t < first + count; t++)
                {
                    text.Append(texts[t]);
                }

                chunkText = text.ToString();
            }

            chunks[c] = new ScheduledChunk(c, first, count, chunkText, offsets[first + count - 1]);
        }

        return chunks;
    }

    /// <summary>The full answer text of request <paramref name="requestIndex"/>.</summary>
    public string FullText(long requestIndex) => string.Concat(TokenTexts(requestIndex));

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (TokenCount is < 1 or > MaxTokens)
        {
            throw new ArgumentException($"tokens must be 1..{MaxTokens}, got {TokenCount}");
        }

        if (TokensPerChunk < 1)
        {
            throw new ArgumentException($"chunk must be at least 1, got {TokensPerChunk}");
        }

        if (FirstTokenDelay < TimeSpan.Zero || InterTokenInterval < TimeSpan.Zero || IntervalSpread < TimeSpan.Zero || Jitter < TimeSpan.Zero)
        {
            throw new ArgumentException("ttft, itl, sd and jitter must not be negative");
        }

        // Bounded so every due time (ticks × timer frequency) stays far inside a long.
        if (FirstTokenDelay > MaxDelay || InterTokenInterval > MaxDelay || IntervalSpread > MaxDelay || Jitter > MaxDelay)
        {
            throw new ArgumentException($"ttft, itl, sd and jitter must be at most {MaxDelay.TotalMilliseconds:0} ms (1 hour)");
        }

        if (FirstTokenDelay + Jitter + ((InterTokenInterval + Jitter) * TokenCount) > MaxStream)
        {
            throw new ArgumentException($"ttft + tokens × itl must be at most {MaxStream.TotalHours:0} hours");
        }
    }

    /// <summary>The most tokens a schedule may ask for.</summary>
    public const int MaxTokens = 10_000_000;

    /// <summary>The longest ttft, itl, sd or jitter a schedule may ask for.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>The longest stream a schedule may describe.</summary>
    public static readonly TimeSpan MaxStream = TimeSpan.FromHours(24);

    /// <summary>The compact form of this schedule (every key), which <see cref="Parse"/> reads back.</summary>
    public string ToCompactString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ttft={FirstTokenDelayMs},itl={InterTokenIntervalMs},dist={Distribution.ToString().ToLowerInvariant()},sd={IntervalSpreadMs},jitter={JitterMs},tokens={TokenCount},chunk={TokensPerChunk},lang={TextKind.ToString().ToLowerInvariant()},seed={Seed}");

    /// <summary>Parses the compact form over <paramref name="defaults"/> (or <see cref="Default"/>).</summary>
    /// <exception cref="FormatException">An unknown key, a bad value, or an out-of-range result.</exception>
    public static TokenSchedule Parse(string compact, TokenSchedule? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(compact);
        var schedule = defaults ?? Default;
        foreach (var raw in compact.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException($"schedule item '{raw}' is not key=value (in '{compact}')");
            }

            var key = raw[..eq].Trim().ToLowerInvariant();
            var value = raw[(eq + 1)..].Trim();
            schedule = key switch
            {
                "ttft" => schedule with { FirstTokenDelay = ParseDuration(key, value) },
                "itl" => schedule with { InterTokenInterval = ParseDuration(key, value) },
                "sd" or "spread" => schedule with { IntervalSpread = ParseDuration(key, value) },
                "jitter" => schedule with { Jitter = ParseDuration(key, value) },
                "dist" => schedule with { Distribution = ParseEnum<IntervalDistribution>(key, value) },
                "tokens" => schedule with { TokenCount = ParseInt(key, value, $"1 to {MaxTokens}") },
                "chunk" => schedule with { TokensPerChunk = ParseInt(key, value, $"1 to {int.MaxValue}") },
                "lang" => schedule with { TextKind = ParseEnum<TokenTextKind>(key, value) },
                "seed" => schedule with { Seed = ParseWhole(key, value, long.MaxValue, $"-{long.MaxValue} to {long.MaxValue}") },
                _ => throw new FormatException($"unknown schedule key '{key}' in '{compact}' (known: {string.Join(", ", s_knownKeys)})"),
            };
        }

        try
        {
            schedule.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"schedule '{compact}': {ex.Message}", ex);
        }

        return schedule;
    }

    /// <summary>Like <see cref="Parse"/> but returns the error message instead of throwing.</summary>
    public static bool TryParse(string compact, TokenSchedule? defaults, out TokenSchedule? schedule, out string? error)
    {
        try
        {
            schedule = Parse(compact, defaults);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            schedule = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Reads the JSON form (see <see cref="JsonOptions"/>); missing keys keep the defaults.</summary>
    /// <exception cref="FormatException">Invalid JSON or an out-of-range value.</exception>
    public static TokenSchedule FromJson(string json)
    {
        TokenSchedule? schedule;
        try
        {
            schedule = JsonSerializer.Deserialize<TokenSchedule>(json, s_strictJson);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"schedule JSON: {JsonProblem.Describe(ex, JsonKeys)}", ex);
        }

        if (schedule is null)
        {
            throw new FormatException("schedule JSON is null");
        }

        try
        {
            schedule.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"schedule JSON: {ex.Message}", ex);
        }

        return schedule;
    }

    /// <summary>Writes the JSON form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static double JitterSample(ref ScheduleRandom rng, double jitterMs) =>
        jitterMs > 0 ? ((rng.NextDouble() * 2) - 1) * jitterMs : 0;

    private static TimeSpan FromMs(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    private static FormatException Bad(string key, string value, string expected) =>
        new($"schedule key '{key}': '{value}' is not {expected}");

    private static int ParseInt(string key, string value, string range) => (int)ParseWhole(key, value, int.MaxValue, range);

    // A whole number too large for its type is out of range, not "not an integer"; range is the key's
    // own (Validate's), named for a value past the type whose own check Validate never reaches.
    private static long ParseWhole(string key, string value, long max, string range) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && Math.Abs((decimal)n) <= max ? n
            : System.Numerics.BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? throw new FormatException($"schedule key '{key}': {value} is out of range ({range})")
                : throw Bad(key, value, "an integer");

    /// <summary>Inside a schedule a bare number counts milliseconds (<c>itl=20</c>).</summary>
    private static TimeSpan ParseDuration(string key, string value)
    {
        try
        {
            return DurationText.Parse(value, TimeSpan.FromMilliseconds(1));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw Bad(key, value, "a duration from 0 to 1 hour in ms (e.g. 20, 20ms, 1.5s)");
        }
    }

    private static T ParseEnum<T>(string key, string value)
        where T : struct, Enum
    {
        if (!value.All(char.IsLetter) || !Enum.TryParse<T>(value, ignoreCase: true, out var result))
        {
            throw Bad(key, value, "one of " + string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant())));
        }

        return result;
    }
}
