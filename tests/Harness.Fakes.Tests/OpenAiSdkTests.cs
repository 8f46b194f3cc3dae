using System.ClientModel;
using System.Text;
using Harness.Core.Schedule;
using OpenAI;
using OpenAI.Chat;

namespace Harness.Fakes.Tests;

public sealed class OpenAiSdkTests
{
    [Fact]
    public async Task OfficialSdkStreamsTheWholeAnswer()
    {
        var schedule = TokenSchedule.Parse("ttft=5,itl=1,tokens=40,lang=mixed,chunk=3");
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule, ApiKey = "sk-test" });
        var client = new ChatClient("fake", new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = server.OpenAiEndpoint });
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Say something")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(schedule.FullText(0), text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage); // the SDK asks for include_usage
        Assert.Equal(40, usage.OutputTokenCount);
    }

    [Fact]
    public async Task OfficialSdkSeesA401ForAWrongKey()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { ApiKey = "sk-right" });
        var client = new ChatClient("fake", new ApiKeyCredential("sk-wrong"), new OpenAIClientOptions { Endpoint = new Uri(server.HttpBaseUrl + "/v1") });
        var ex = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var unused in client.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
            {
            }
        });
        Assert.Equal(401, ex.Status);
    }
}
