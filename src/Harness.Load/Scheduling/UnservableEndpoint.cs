using System.Diagnostics;
using System.Globalization;
using Harness.Clients;
using Harness.Load.Results;

namespace Harness.Load.Scheduling;

/// <summary>
/// The rule that stops a run early because the endpoint evidently cannot serve it: the first
/// requests sent all failed, each in a way asking again cannot change (<see cref="IsPermanent"/>):
/// <see cref="EnoughFailures"/> of them, or every one started in the probe window (the warm-up, or
/// the first <see cref="ProbeWithoutWarmUp"/> without one) once it has passed, whichever comes
/// first. One success, or one failure that load or time can explain (429, 5xx, a timeout, a
/// reset), disarms it for good: that is the endpoint being measured. Judged on the first requests
/// in the order they were sent (<see cref="Start"/>), not in the order they ended: a failure ends in
/// a millisecond, a success streams for seconds, so the first to end are failures even from an
/// endpoint serving most requests. The one home of the rule, for the load engine and overhead's pairs.
/// </summary>
internal sealed class UnservableEndpoint
{
    /// <summary>Without a warm-up, the first this much of the run is the probe window.</summary>
    public static readonly TimeSpan ProbeWithoutWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>
    /// This many permanent failures and nothing else settle it before the window ends: a refused
    /// port fails thousands of requests a second, and the window would hammer it for nothing.
    /// </summary>
    public const int EnoughFailures = 20;

    private readonly Lock _lock = new();
    private readonly long _probeEnd;
    private readonly string _unit;
    private readonly Dictionary<string, long> _kinds = new(StringComparer.Ordinal);
    private readonly HashSet<long> _endedAhead = [];
    private long _sent, _sentInWindow; // Interlocked: every request start passes here
    private long _prefix; // requests 0.._prefix-1 have all ended
    private long _failed, _warm;
    private volatile bool _disarmed; // set once, under the lock; read before it, so a serving run's requests take no lock
    private string? _first;
    private string? _verdict;

    /// <param name="probeEnd">When the probe window ends (a <see cref="Stopwatch"/> timestamp).</param>
    /// <param name="unit">What is counted, plural: "requests", "requests through the relay".</param>
    public UnservableEndpoint(long probeEnd, string unit = "requests")
    {
        _probeEnd = probeEnd;
        _unit = unit;
    }

    /// <summary>
    /// True for a failure asking again cannot change: the connection refused, the host name not
    /// found, TLS failing (<see cref="TransportErrorText.IsPermanentConnectFailure"/>), HTTP 400, 401,
    /// 403 or 404 (a bad request, key, permission, path or model), and an error in the stream coded
    /// <c>invalid_api_key</c> or <c>model_not_found</c> (a WebSocket endpoint's 401 and 404). 429, 5xx and timeouts are not:
    /// overload passes, and it is what a user wants measured.
    /// </summary>
    public static bool IsPermanent(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Outcome switch
        {
            RequestOutcome.ConnectError => TransportErrorText.IsPermanentConnectFailure(timeline.ErrorMessage),
            RequestOutcome.HttpError => timeline.HttpStatus is 400 or 401 or 403 or 404,
            // The same refusals sent in the stream, as a WebSocket endpoint sends them (OpenAI's codes).
            RequestOutcome.ServerError => timeline.ErrorCode is "invalid_api_key" or "model_not_found",
            _ => false,
        };
    }

    /// <summary>A request is about to be sent at <paramref name="now"/>: its place in the order, for <see cref="Observe"/>.</summary>
    public long Start(long now)
    {
        if (now < _probeEnd)
        {
            Interlocked.Increment(ref _sentInWindow);
        }

        return Interlocked.Increment(ref _sent) - 1;
    }

    /// <summary>Why the run should stop ("every one of the 7 warm-up requests failed (…)"); null while it should not.</summary>
    public string? Verdict
    {
        get
        {
            lock (_lock)
            {
                return _verdict;
            }
        }
    }

    /// <summary>
    /// Request <paramref name="sequence"/> (from <see cref="Start"/>; <paramref name="warm"/>: started
    /// in the warm-up) ended; returns the verdict when the run should stop. One the harness cut off
    /// (cancelled, stopped) or never sent has ended but says nothing of the endpoint.
    /// </summary>
    public string? Observe(RequestTimeline timeline, bool warm, long now, long sequence)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (_disarmed)
        {
            return null;
        }

        lock (_lock)
        {
            if (_disarmed || _verdict is not null)
            {
                return _verdict;
            }

            Ended(sequence);
            if (timeline.Outcome is RequestOutcome.Cancelled or RequestOutcome.Stopped)
            {
                return Decide(now);
            }

            if (!IsPermanent(timeline))
            {
                _disarmed = true;
                _endedAhead.Clear();
                return null;
            }

            _failed++;
            _warm += warm ? 1 : 0;
            string kind = OutcomeNames.Describe(timeline);
            _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
            _first ??= OutcomeNames.FailureOf(timeline);
            return Decide(now);
        }
    }

    /// <summary>The verdict once the probe window has passed with only permanent failures (called as time passes, when no request ends).</summary>
    public string? Judge(long now)
    {
        lock (_lock)
        {
            return _disarmed ? null : _verdict ?? Decide(now);
        }
    }

    private void Ended(long sequence)
    {
        if (sequence != _prefix)
        {
            _endedAhead.Add(sequence);
            return;
        }

        _prefix++;
        while (_endedAhead.Remove(_prefix))
        {
            _prefix++;
        }
    }

    private string? Decide(long now)
    {
        // Enough of the first requests sent, or all those sent in the window once it has passed.
        bool settled = _prefix >= EnoughFailures
            || (now >= _probeEnd && _prefix >= Math.Max(1, Interlocked.Read(ref _sentInWindow)));
        if (_failed == 0 || !settled)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        string which = _warm == _failed ? $"warm-up {_unit}" : _unit;
        string who = _failed == 1
            ? $"the {(_warm == _failed ? "one" : "first")} {which.Replace("requests", "request", StringComparison.Ordinal).Replace("pairs", "pair", StringComparison.Ordinal)}"
            : string.Create(inv, $"every one of the {(_warm == _failed ? string.Empty : "first ")}{_failed} {which}");
        string counts = string.Join(", ", _kinds.Select(k => string.Create(inv, $"{k.Key} {k.Value}")));
        _verdict = $"{who} failed ({counts}{RunFailure.FirstFailureText([_first], _kinds.Count)})";
        return _verdict;
    }
}
