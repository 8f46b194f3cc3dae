using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>OpenAI chat-completions chunks: role first, then content, then finish_reason, optional usage, then [DONE].</summary>
internal sealed class ChatCompletionsFormat(bool includeUsage) : SseStreamFormat
{
    private readonly long _created = CreatedUnixSeconds;

    public override void WriteStart(SseWriter w, FakeRequestPlan plan)
    {
    }

    public override void WriteChunk(SseWriter w, FakeRequestPlan plan, ScheduledChunk chunk)
    {
        if (chunk.Index == 0)
        {
            w.Data(Chunk(plan, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        }

        w.Data(Chunk(plan, $"{{\"content\":{JsonText.Quote(chunk.Text)}}}", "null"));
    }

    public override void WriteFinish(SseWriter w, FakeRequestPlan plan, bool noDone)
    {
        w.Data(Chunk(plan, "{}", "\"stop\""));
        if (includeUsage)
        {
            w.Data($"{Prefix(plan)},\"choices\":[],\"usage\":{Usage(plan)}}}");
        }

        if (!noDone)
        {
            w.Data("[DONE]");
        }
    }

    public override void WriteMalformed(SseWriter w, FakeRequestPlan plan) =>
        w.Data($"{Prefix(plan)},\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"trunc");

    public override void WriteOversized(SseWriter w, FakeRequestPlan plan, int bytes)
    {
        var head = Prefix(plan) + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":null}],\"padding\":\"";
        var pad = Math.Max(0, bytes - head.Length - 2);
        w.Data(head + new string('x', pad) + "\"}");
    }

    public override void WriteMidStreamError(SseWriter w, FakeRequestPlan plan) =>
        w.Data(OpenAiErrors.Body("The server had an error while processing your request. Sorry about that!", "server_error", "fake_mid_stream_error"));

    public static string Usage(FakeRequestPlan plan) =>
        $"{{\"prompt_tokens\":{plan.PromptTokens},\"completion_tokens\":{plan.CompletionTokens},\"total_tokens\":{plan.PromptTokens + plan.CompletionTokens}}}";

    public string Completion(FakeRequestPlan plan) =>
        $"{{\"id\":\"chatcmpl-{plan.Id}\",\"object\":\"chat.completion\",\"created\":{_created},\"model\":{JsonText.Quote(plan.Model)},\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":{JsonText.Quote(plan.Schedule.FullText(plan.RequestIndex))},\"refusal\":null}},\"logprobs\":null,\"finish_reason\":\"stop\"}}],\"usage\":{Usage(plan)}}}";

    private string Prefix(FakeRequestPlan plan) =>
        $"{{\"id\":\"chatcmpl-{plan.Id}\",\"object\":\"chat.completion.chunk\",\"created\":{_created},\"model\":{JsonText.Quote(plan.Model)},\"system_fingerprint\":null";

    private string Chunk(FakeRequestPlan plan, string delta, string finishReason) =>
        $"{Prefix(plan)},\"choices\":[{{\"index\":0,\"delta\":{delta},\"logprobs\":null,\"finish_reason\":{finishReason}}}]}}";
}
