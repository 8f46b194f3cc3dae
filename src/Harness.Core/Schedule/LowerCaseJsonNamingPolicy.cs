using System.Text.Json;

namespace Harness.Core.Schedule;

/// <summary>Enum names as plain lower case (<c>lognormal</c>), matching the compact form.</summary>
internal sealed class LowerCaseJsonNamingPolicy : JsonNamingPolicy
{
    public override string ConvertName(string name) => name.ToLowerInvariant();
}
