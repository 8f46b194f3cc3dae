using System.Net;
using System.Text;
using System.Text.Json;

namespace Harness.Fakes.Tests;

/// <summary>
/// The fake answers bad requests as the API it imitates does: 400 in OpenAI's error shape naming
/// the parameter, never 500; schedule values beyond their bounds are 400; a huge cancelled request
/// leaves the scheduler asleep, not spinning.
/// </summary>
public sealed class RequestBodyCheckTests : IClassFixture<FakeServerFixture>
{
    private readonly FakeServerFixture _fake;

    public RequestBodyCheckTests(FakeServerFixture fake) => _fake = fake;

    private async Task<(HttpStatusCode Status, JsonElement Error)> PostAsync(string body, string path = "/v1/chat/completions")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var (response, bytes) = await _fake.SendRawAsync(request);
        using (response)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(bytes);
            return (response.StatusCode, json.RootElement.GetProperty("error").Clone());
        }
    }

    [Theory]
    [InlineData("[1,2]", null, "invalid_type")]
    [InlineData("\"hello\"", null, "invalid_type")]
    [InlineData("42", null, "invalid_type")]
    [InlineData("null", null, "invalid_type")]
    [InlineData("{\"model\":\"fake\",\"stream\":true}", "messages", "missing_required_parameter")]
    [InlineData("{\"model\":\"fake\",\"stream\":true,\"messages\":null}", "messages", "missing_required_parameter")]
    [InlineData("{\"model\":\"fake\",\"stream\":true,\"messages\":\"hi\"}", "messages", "invalid_type")]
    [InlineData("{\"model\":\"fake\",\"stream\":true,\"messages\":[]}", "messages", "empty_array")]
    [InlineData("{\"model\":\"fake\",\"stream\":true,\"messages\":[1]}", "messages", "invalid_type")]
    [InlineData("{\"model\":7,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model", "invalid_type")]
    [InlineData("{\"model\":\"fake\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "stream", "invalid_type")]
    public async Task BadChatBody_400NamingTheParameter(string body, string? param, string code)
    {
        var (status, error) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ResponsesBody_WithoutInput_400NamingIt()
    {
        var (status, error) = await PostAsync("{\"model\":\"fake\",\"stream\":true}", "/v1/responses");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("input", error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("fake/ttft=3000000000")]
    [InlineData("fake/ttft=10000000000000")]
    [InlineData("fake/itl=1e300")]
    [InlineData("fake/ttft=3601s")]
    [InlineData("fake/itl=3600s,tokens=100")]
    [InlineData("fake/tokens=99999999999")]
    public async Task ScheduleBeyondBounds_400(string model)
    {
        var (status, error) = await PostAsync($"{{\"model\":\"{model}\",\"stream\":true,\"messages\":[{{\"role\":\"user\",\"content\":\"x\"}}]}}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_fake_profile", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ScheduleAtTheBound_Accepted_Streams()
    {
        using var request = FakeServerFixture.ChatRequest(model: "fake/ttft=0,itl=3600s,tokens=1");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _fake.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 0)]
    [InlineData(long.MaxValue, 1000)]
    [InlineData(3_000_000_000L * 1_000_000, 1000)]
    public void SchedulerSleep_NeverNegative_AtMostASecond(long ticks, int expected) =>
        Assert.Equal(expected, StreamScheduler.SleepMillisecondsFor(ticks));
}
