namespace Harness.Load.Simulations;

/// <summary>Why a load profile or scenario was rejected before it ran.</summary>
public enum LoadProfileError
{
    /// <summary>No simulation steps, or only pauses.</summary>
    Empty,

    /// <summary>Closed and open steps in one profile: they are different models with different schedulers.</summary>
    MixedModels,

    /// <summary>A duration that is zero, negative or longer than the limit.</summary>
    InvalidDuration,

    /// <summary>Copies below 0 (or 0 for <see cref="KeepConstant"/>), or above the limit.</summary>
    InvalidCopies,

    /// <summary>A rate or interval that is not positive and finite, or above the limit.</summary>
    InvalidRate,

    /// <summary>A maximum request count below 1.</summary>
    InvalidMaxRequests,

    /// <summary>The target is incomplete (no model, no prompt, ...).</summary>
    InvalidTarget,

    /// <summary>An agent share that is not <c>I/N</c> with 1 ≤ I ≤ N.</summary>
    InvalidAgent,
}
