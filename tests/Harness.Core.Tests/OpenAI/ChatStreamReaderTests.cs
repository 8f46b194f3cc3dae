using System.Text;
using Harness.Core.OpenAI;

namespace Harness.Core.Tests.OpenAI;

public sealed class ChatStreamReaderTests
{
    private const string Stream =
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n" +
        "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n" +
        "data: {not json\n\n" +
        ": ping\n\n" +
        "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: [DONE]\n\n";

    private static ChatStreamReader Open(string text, MalformedChunkPolicy policy) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(text)), policy);

    [Fact]
    public void Report_ReturnsMalformedWithItsEventIndex()
    {
        using var reader = Open(Stream, MalformedChunkPolicy.Report);
        var kinds = new List<(long, ChatChunkKind)>();
        while (reader.Read())
        {
            kinds.Add((reader.EventIndex, reader.Current.Kind));
        }

        Assert.Equal(
            [(0, ChatChunkKind.Chunk), (1, ChatChunkKind.Chunk), (2, ChatChunkKind.Malformed), (3, ChatChunkKind.Chunk), (4, ChatChunkKind.Done)],
            kinds);
        Assert.Equal(1, reader.MalformedCount);
        Assert.True(reader.SawDone);
    }

    [Fact]
    public async Task SkipAndCount_SkipsButCounts()
    {
        using var reader = Open(Stream, MalformedChunkPolicy.SkipAndCount);
        int count = 0;
        while (await reader.ReadAsync())
        {
            Assert.NotEqual(ChatChunkKind.Malformed, reader.Current.Kind);
            count++;
        }

        Assert.Equal(4, count);
        Assert.Equal(1, reader.MalformedCount);
    }

    [Fact]
    public void Fail_ThrowsNamingTheEventIndex()
    {
        using var reader = Open(Stream, MalformedChunkPolicy.Fail);
        var ex = Assert.Throws<MalformedChunkException>(() =>
        {
            while (reader.Read())
            {
            }
        });
        Assert.Equal(2, ex.EventIndex);
        Assert.Contains("event 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventsAfterDone_AreCounted()
    {
        using var reader = Open("data: [DONE]\n\ndata: {\"choices\":[]}\n\n", MalformedChunkPolicy.Report);
        while (reader.Read())
        {
        }

        Assert.True(reader.SawDone);
        Assert.Equal(1, reader.EventsAfterDone);
    }
}
