using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>OpenAI Responses API typed events, from response.created to response.completed with usage.</summary>
internal sealed class ResponsesFormat : SseStreamFormat
{
    private readonly long _created = CreatedUnixSeconds;
    private int _sequence;

    public override void WriteStart(SseWriter w, FakeRequestPlan plan)
    {
        Emit(w, "response.created", $"\"response\":{Response(plan, "in_progress", "[]", "null")}");
        Emit(w, "response.in_progress", $"\"response\":{Response(plan, "in_progress", "[]", "null")}");
    }

    public override void WriteChunk(SseWriter w, FakeRequestPlan plan, ScheduledChunk chunk)
    {
        if (chunk.Index == 0)
        {
            Emit(w, "response.output_item.added", $"\"output_index\":0,\"item\":{{\"id\":\"msg_{plan.Id}\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
            Emit(w, "response.content_part.added", $"\"item_id\":\"msg_{plan.Id}\",\"output_index\":0,\"content_index\":0,\"part\":{{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}");
        }

        Emit(w, "response.output_text.delta", $"\"item_id\":\"msg_{plan.Id}\",\"output_index\":0,\"content_index\":0,\"delta\":{JsonText.Quote(chunk.Text)}");
    }

    public override void WriteFinish(SseWriter w, FakeRequestPlan plan, bool noDone)
    {
        var (text, part, item) = Parts(plan);
        Emit(w, "response.output_text.done", $"\"item_id\":\"msg_{plan.Id}\",\"output_index\":0,\"content_index\":0,\"text\":{text}");
        Emit(w, "response.content_part.done", $"\"item_id\":\"msg_{plan.Id}\",\"output_index\":0,\"content_index\":0,\"part\":{part}");
        Emit(w, "response.output_item.done", $"\"output_index\":0,\"item\":{item}");

        // The Responses API has no [DONE]; its end marker is response.completed, so no-done drops that.
        if (!noDone)
        {
            Emit(w, "response.completed", $"\"response\":{Response(plan, "completed", $"[{item}]", Usage(plan))}");
        }
    }

    /// <summary>The whole completed response object (the non-streaming answer).</summary>
    public string Completed(FakeRequestPlan plan) => Response(plan, "completed", $"[{Parts(plan).Item}]", Usage(plan));

    private static string Usage(FakeRequestPlan plan) =>
        $"{{\"input_tokens\":{plan.PromptTokens},\"output_tokens\":{plan.CompletionTokens},\"total_tokens\":{plan.PromptTokens + plan.CompletionTokens}}}";

    private static (string Text, string Part, string Item) Parts(FakeRequestPlan plan)
    {
        var text = JsonText.Quote(plan.Schedule.FullText(plan.RequestIndex));
        var part = $"{{\"type\":\"output_text\",\"text\":{text},\"annotations\":[]}}";
        var item = $"{{\"id\":\"msg_{plan.Id}\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{part}]}}";
        return (text, part, item);
    }

    public override void WriteMalformed(SseWriter w, FakeRequestPlan plan) =>
        w.Event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"trunc");

    public override void WriteOversized(SseWriter w, FakeRequestPlan plan, int bytes)
    {
        var head = $"{{\"type\":\"response.output_text.delta\",\"sequence_number\":{_sequence++},\"item_id\":\"msg_{plan.Id}\",\"output_index\":0,\"content_index\":0,\"delta\":\"\",\"padding\":\"";
        w.Event("response.output_text.delta", head + new string('x', Math.Max(0, bytes - head.Length - 2)) + "\"}");
    }

    public override void WriteMidStreamError(SseWriter w, FakeRequestPlan plan) =>
        Emit(w, "error", "\"code\":\"server_error\",\"message\":\"The server had an error while processing your request.\",\"param\":null");

    private string Response(FakeRequestPlan plan, string status, string output, string usage) =>
        $"{{\"id\":\"resp_{plan.Id}\",\"object\":\"response\",\"created_at\":{_created},\"status\":{JsonText.Quote(status)},\"model\":{JsonText.Quote(plan.Model)},\"output\":{output},\"usage\":{usage}}}";

    private void Emit(SseWriter w, string type, string fields) =>
        w.Event(type, $"{{\"type\":\"{type}\",\"sequence_number\":{_sequence++},{fields}}}");
}
