using Harness.Load.Simulations;

namespace Harness.Load.Scheduling;

/// <summary>
/// The intended start offsets of an open profile, in seconds from its start. Arrivals follow the
/// cumulative rate: the k-th arrival is where the integral of the rate reaches k (uniform) or the
/// sum of k unit exponentials (Poisson, by time rescaling), so ramps and step changes need no
/// special cases and the schedule is the same in every process that builds it.
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly IReadOnlyList<LoadSimulation> _steps;
    private readonly Random? _random;
    private int _step;
    private double _stepStart;
    private double _stepBase;
    private double _previousRate;
    private double _nextTarget;

    /// <summary>Creates the schedule of <paramref name="steps"/> (open steps and pauses).</summary>
    public ArrivalSchedule(IReadOnlyList<LoadSimulation> steps, int seed)
    {
        _steps = steps;
        bool poisson = steps.OfType<OpenSimulation>().Any(s => s.Arrivals == ArrivalDistribution.Poisson);
        _random = poisson ? new Random(seed) : null;
        _nextTarget = ArrivalIncrement(first: true);
    }

    /// <summary>The next arrival's offset in seconds, or false when the profile has ended.</summary>
    public bool TryNext(out double offsetSeconds)
    {
        while (_step < _steps.Count)
        {
            var step = _steps[_step];
            double during = step.During.TotalSeconds;
            (double startRate, double endRate) = step switch
            {
                Inject i => (i.RatePerSecond, i.RatePerSecond),
                RampingInject r => (_previousRate, r.RatePerSecond),
                _ => (0.0, 0.0),
            };
            double total = (startRate + endRate) / 2 * during;
            double x = _nextTarget - _stepBase;
            if (x < total - 1e-9)
            {
                double slope = (endRate - startRate) / during;
                // N(t) = a t + b t²/2 = x, in the form that stays stable when b is 0 or negative.
                double tau = x <= 0 ? 0 : 2 * x / (startRate + Math.Sqrt(Math.Max(0, (startRate * startRate) + (2 * slope * x))));
                offsetSeconds = _stepStart + Math.Min(tau, during);
                _nextTarget += ArrivalIncrement();
                return true;
            }

            _stepBase += total;
            _stepStart += during;
            _previousRate = endRate;
            _step++;
        }

        offsetSeconds = 0;
        return false;
    }

    private double ArrivalIncrement(bool first = false) =>
        _random is null ? (first ? 0 : 1) : -Math.Log(1 - _random.NextDouble());
}
