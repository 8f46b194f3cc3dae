using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Harness.Fakes.Tests;

public sealed class CannedErrorServerTests
{
    [Fact]
    public async Task EachStubAnswersItsStatusWithAnOpenAiErrorBody()
    {
        using var stubs = CannedErrorServer.Start(retryAfterSeconds: 3);
        using var http = new HttpClient();
        foreach (var status in new[] { 401, 429, 500, 503 })
        {
            using var response = await http.PostAsync(new Uri(stubs.BaseUrlFor(status) + "/chat/completions"), new StringContent("{\"stream\":true}", Encoding.UTF8, "application/json"));
            Assert.Equal(status, (int)response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.True(error.TryGetProperty("message", out _));
            if (status == 429)
            {
                Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
            }
        }
    }

    [Fact]
    public async Task OfficialSdkSeesTheCannedStatus()
    {
        using var stubs = CannedErrorServer.Start();
        var client = new ChatClient("fake", new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = stubs.BaseUrlFor(401) });
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, ex.Status);
    }
}
