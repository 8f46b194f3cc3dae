using CsCheck;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

/// <summary>Whatever claim text is given, <see cref="Claim.Parse"/> gives a claim or a <see cref="FormatException"/>.</summary>
public sealed class ClaimPropertyTests
{
    private static readonly string[] s_samples =
    [
        "ttft p95 < 50ms", "e2e p99.9 <= 2.5 s", "itl p50 < 20 ms", "errors < 1%", "http_error(429) < 0.5%", "timeout <= 2 %",
        "goodput >= 95% where ttft < 500ms, e2e < 10s", "tokens/s >= 2000", "requests/s > 10",
    ];

    [Fact]
    public void ArbitraryText_AClaimOrFormatException() =>
        ArbitraryInput.Text(s_samples).Sample(
            text =>
            {
                Claim claim;
                try
                {
                    claim = Claim.Parse(text);
                }
                catch (FormatException)
                {
                    return;
                }

                // What is accepted reads back as itself: the canonical text is a claim too.
                Assert.Equal(claim.Canonical, Claim.Parse(claim.Canonical).Canonical);
            },
            iter: 5000,
            seed: "0N0XIzNsQ0O2");
}
