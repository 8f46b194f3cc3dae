using System.Globalization;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// The fake's scheduler thread takes real-time priority only when the process has more than one
/// CPU: on its only CPU a real-time thread that naps and spins shut the fake's other threads out,
/// and requests stalled for about a second (pinned capacity runs, 2026-12-02).
/// </summary>
public sealed class FakeSchedulerPriorityTests
{
    private const int SchedOther = 0;
    private const int SchedFifo = 1;

    [Fact]
    public async Task A_fake_with_one_cpu_keeps_its_scheduler_thread_out_of_real_time()
    {
        Assert.True(OperatingSystem.IsLinux(), "scheduling policies are read from /proc (Linux only)");
        Assert.Equal(SchedOther, await SchedulerPolicyAsync(processorCount: 1));

        // The counterpart: with two CPUs and the privilege to take it (root in CI), it is real-time.
        if (Environment.UserName == "root")
        {
            Assert.Equal(SchedFifo, await SchedulerPolicyAsync(processorCount: 2));
        }
    }

    /// <summary>Starts <c>fake serve</c> believing it has <paramref name="processorCount"/> CPUs; the scheduler thread's policy.</summary>
    private static async Task<int> SchedulerPolicyAsync(int processorCount)
    {
        var (fake, _) = await OutsidePeers.StartAsync(
            "dotnet",
            [OutsidePeers.HarnessDll, "fake", "serve", "--port", "0", "--no-warmup", "--no-keep-warm"],
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = processorCount.ToString(CultureInfo.InvariantCulture) });
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{fake.Id}/task"))
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == "fake-stream-sch")
                {
                    // Field 41 of stat is the policy; fields are counted after the parenthesised name.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    return int.Parse(fields[41 - 3], CultureInfo.InvariantCulture);
                }
            }

            Assert.Fail("no fake-stream-sch thread in the fake");
            return -1;
        }
        finally
        {
            OutsidePeers.Stop(fake);
        }
    }
}
