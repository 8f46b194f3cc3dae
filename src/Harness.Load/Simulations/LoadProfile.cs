using Harness.Core;

namespace Harness.Load.Simulations;

/// <summary>An ordered list of simulation steps, validated as one model (closed or open).</summary>
public sealed record LoadProfile
{
    /// <summary>Longest profile accepted: one day.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>Most copies accepted.</summary>
    public const int MaxCopies = 100_000;

    /// <summary>Highest rate accepted, requests per second.</summary>
    public const double MaxRatePerSecond = 1_000_000;

    /// <summary>Creates a profile from steps.</summary>
    public LoadProfile(IReadOnlyList<LoadSimulation> steps)
    {
        Steps = steps ?? throw new ArgumentNullException(nameof(steps));
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<LoadSimulation> Steps { get; }

    /// <summary>The model (valid profiles only have one).</summary>
    public LoadModel Model => Steps.Any(s => s is OpenSimulation) ? LoadModel.Open : LoadModel.Closed;

    /// <summary>Sum of the steps' durations.</summary>
    public TimeSpan Duration => Steps.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.During);

    /// <summary>Largest copy count of a closed profile.</summary>
    public int PeakCopies => Steps.OfType<ClosedSimulation>().Select(s => s.Copies).DefaultIfEmpty(0).Max();

    /// <summary>Largest rate of an open profile, per second.</summary>
    public double PeakRatePerSecond => Steps.OfType<OpenSimulation>().Select(s => s.RatePerSecond).DefaultIfEmpty(0).Max();

    /// <summary>Throws <see cref="LoadProfileException"/> when the profile cannot run.</summary>
    public void Validate()
    {
        if (!Steps.Any(s => s is not Pause))
        {
            throw new LoadProfileException(LoadProfileError.Empty, "the load profile has no steps that send requests");
        }

        if (Steps.Any(s => s is OpenSimulation) && Steps.Any(s => s is ClosedSimulation))
        {
            throw new LoadProfileException(LoadProfileError.MixedModels, "a load profile is closed (KeepConstant/RampingConstant) or open (Inject/RampingInject), not both");
        }

        for (int i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            string where = $"step {i + 1} ({step.GetType().Name})";
            if (step.During <= TimeSpan.Zero || step.During > MaxDuration)
            {
                throw new LoadProfileException(LoadProfileError.InvalidDuration, $"{where}: duration must be above 0 and at most {MaxDuration.TotalHours:0} h, got {DurationText.Format(step.During)}");
            }

            switch (step)
            {
                case KeepConstant { Copies: < 1 or > MaxCopies } k:
                    throw new LoadProfileException(LoadProfileError.InvalidCopies, $"{where}: copies must be 1..{MaxCopies}, got {k.Copies}");
                case RampingConstant { Copies: < 0 or > MaxCopies } r:
                    throw new LoadProfileException(LoadProfileError.InvalidCopies, $"{where}: copies must be 0..{MaxCopies}, got {r.Copies}");
                case OpenSimulation o when o.Interval <= TimeSpan.Zero:
                    throw new LoadProfileException(LoadProfileError.InvalidRate, $"{where}: interval must be above 0, got {DurationText.Format(o.Interval)}");
                case Inject o when !(o.Rate > 0) || !double.IsFinite(o.RatePerSecond) || o.RatePerSecond > MaxRatePerSecond:
                    throw new LoadProfileException(LoadProfileError.InvalidRate, $"{where}: rate must be above 0 and at most {MaxRatePerSecond}/s, got {o.Rate} per {DurationText.Format(o.Interval)}");
                case RampingInject o when !(o.Rate >= 0) || !double.IsFinite(o.RatePerSecond) || o.RatePerSecond > MaxRatePerSecond:
                    throw new LoadProfileException(LoadProfileError.InvalidRate, $"{where}: rate must be 0..{MaxRatePerSecond}/s, got {o.Rate} per {DurationText.Format(o.Interval)}");
            }
        }

        if (Duration > MaxDuration)
        {
            throw new LoadProfileException(LoadProfileError.InvalidDuration, $"the profile lasts {DurationText.Format(Duration)}, more than {MaxDuration.TotalHours:0} h");
        }
    }
}
