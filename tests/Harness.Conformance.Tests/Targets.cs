using Harness.Conformance;
using Harness.Fakes;

namespace Harness.Conformance.Tests;

/// <summary>Fakes and targets the tests share: a short schedule so a stream takes about a quarter second.</summary>
internal static class Targets
{
    public const string ApiKey = "sk-conformance-test";

    /// <summary>40 tokens, 10 ms apart after 20 ms (about 0.4 s): well past sse.incremental's 100 ms minimum, so a late first event under load cannot sink it, and still fast.</summary>
    public const string Model = "fake/ttft=20,itl=10,tokens=40";

    public static readonly KeyValuePair<string, string> FakeRateLimitHeader = new("x-fake-fault", "status=429");

    public static Task<FakeServer> StartFakeAsync(string? faults = null, string? apiKey = ApiKey) =>
        FakeServer.StartAsync(new FakeServerOptions
        {
            Faults = faults is null ? FaultSpec.None : FaultSpec.Parse(faults),
            ApiKey = apiKey,
        });

    public static ConformanceTarget For(FakeServer fake, string? apiKey = ApiKey) => new()
    {
        ChatCompletionsUrl = ConformanceTarget.ResolveChatCompletionsUrl(fake.HttpBaseUrl.ToString()),
        WebSocketUrl = fake.WebSocketUrl,
        Model = Model,
        ApiKey = apiKey,
        RateLimitHeader = FakeRateLimitHeader,
        // Generous: the machine is shared and the first stream of a fresh fake pays for JIT.
        // Tests that expect silence (no pong, no error) shorten it on the broken side only.
        Timeout = TimeSpan.FromSeconds(15),
    };

    public static ConformanceCheck Check(string id) => ConformanceRunner.AllChecks.Single(c => c.Id == id);

    public static async Task<CheckResult> RunOneAsync(ConformanceTarget target, string id) =>
        (await ConformanceRunner.RunAsync(target, [Check(id)])).Results.Single();
}
