namespace Harness.Load.Scheduling;

/// <summary>
/// The latest pauses one source logged, oldest first, safe to add to from one thread while others
/// read: hours of them several times a second fit, and the oldest are dropped first.
/// </summary>
internal sealed class PauseRing
{
    private const int Capacity = 1 << 16;

    private readonly Lock _lock = new();
    private readonly HarnessPause[] _pauses = new HarnessPause[Capacity];
    private long _count;

    /// <summary>Logs <paramref name="pause"/>, which starts no earlier than the last one logged.</summary>
    public void Add(HarnessPause pause)
    {
        lock (_lock)
        {
            _pauses[_count % Capacity] = pause;
            _count++;
        }
    }

    /// <summary>Pauses that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public List<HarnessPause> Between(long from, long to)
    {
        lock (_lock)
        {
            var found = new List<HarnessPause>();
            for (long i = Math.Max(0, _count - Capacity); i < _count; i++)
            {
                var pause = _pauses[i % Capacity];
                if (pause.End > from && pause.Start < to)
                {
                    found.Add(pause);
                }
            }

            return found;
        }
    }
}
