using Harness.Load.Scheduling;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

public class ProfileTests
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    private static List<double> Arrivals(params LoadSimulation[] steps)
    {
        var schedule = new ArrivalSchedule(steps, seed: 7);
        var list = new List<double>();
        while (schedule.TryNext(out double t))
        {
            list.Add(t);
        }

        return list;
    }

    [Fact]
    public void Inject_is_evenly_spaced_and_exact_in_count()
    {
        var arrivals = Arrivals(new Inject(10, s_second, TimeSpan.FromSeconds(2)));
        Assert.Equal(20, arrivals.Count);
        Assert.Equal(0, arrivals[0], 9);
        Assert.All(arrivals.Zip(arrivals.Skip(1)), p => Assert.Equal(0.1, p.Second - p.First, 6));
    }

    [Fact]
    public void Ramping_inject_integrates_the_rate_and_pause_sends_nothing()
    {
        // 0 → 10/s over 2 s: 10 arrivals, denser at the end; then a pause; then 5/s for 1 s.
        var arrivals = Arrivals(new RampingInject(10, s_second, TimeSpan.FromSeconds(2)), new Pause(s_second), new Inject(5, s_second, s_second));
        Assert.Equal(15, arrivals.Count);
        Assert.Equal(10, arrivals.Count(a => a < 2));
        Assert.True(arrivals.Count(a => a < 1) < arrivals.Count(a => a is >= 1 and < 2));
        Assert.DoesNotContain(arrivals, a => a is > 2.0001 and < 3);
    }

    [Fact]
    public void Poisson_arrivals_have_the_mean_rate_and_are_not_uniform()
    {
        var arrivals = Arrivals(new Inject(1000, s_second, TimeSpan.FromSeconds(10), ArrivalDistribution.Poisson));
        // 10,000 expected; a Poisson count's sd is 100, so ±500 is 5 sd.
        Assert.InRange(arrivals.Count, 9_500, 10_500);
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).ToList();
        Assert.True(gaps.Max() > 5 * gaps.Average());
    }

    [Fact]
    public void Agent_shares_sum_exactly_to_the_whole()
    {
        for (int n = 1; n <= 7; n++)
        {
            var shares = Enumerable.Range(1, n).Select(i => new AgentShare(i, n)).ToList();
            foreach (int total in new[] { 0, 1, 5, 10, 1000, 1001 })
            {
                Assert.Equal(total, shares.Sum(s => s.Split(total)));
            }

            for (long k = 0; k < 100; k++)
            {
                Assert.Equal(1, shares.Count(s => s.Owns(k)));
            }
        }
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Bad_agent_is_a_typed_error(string text)
    {
        var ex = Assert.Throws<LoadProfileException>(() => AgentShare.Parse(text));
        Assert.Equal(LoadProfileError.InvalidAgent, ex.Error);
    }

    [Fact]
    public void Profiles_are_validated_with_typed_errors()
    {
        static LoadProfileError ErrorOf(params LoadSimulation[] steps) =>
            Assert.Throws<LoadProfileException>(() => new LoadProfile(steps).Validate()).Error;

        Assert.Equal(LoadProfileError.Empty, ErrorOf());
        Assert.Equal(LoadProfileError.Empty, ErrorOf(new Pause(s_second)));
        Assert.Equal(LoadProfileError.MixedModels, ErrorOf(new KeepConstant(2, s_second), new Inject(5, s_second, s_second)));
        Assert.Equal(LoadProfileError.InvalidCopies, ErrorOf(new KeepConstant(0, s_second)));
        Assert.Equal(LoadProfileError.InvalidRate, ErrorOf(new Inject(0, s_second, s_second)));
        Assert.Equal(LoadProfileError.InvalidRate, ErrorOf(new Inject(5, TimeSpan.Zero, s_second)));
        Assert.Equal(LoadProfileError.InvalidDuration, ErrorOf(new KeepConstant(1, TimeSpan.Zero)));
        new LoadProfile([new RampingConstant(5, s_second), new KeepConstant(5, s_second), new Pause(s_second)]).Validate();
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(1, s_second)]), MaxRequests = 0 };
        Assert.Equal(LoadProfileError.InvalidMaxRequests, Assert.Throws<LoadProfileException>(scenario.Validate).Error);
    }
}
