using System.Text;
using CsCheck;

namespace Harness.Clients.Tests;

/// <summary>Whatever a conversations JSONL file holds, <see cref="ConversationFile.Parse"/> gives conversations or a <see cref="FormatException"/>.</summary>
public sealed class ConversationFilePropertyTests
{
    private const string Sample = """
        [{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello \u00e9."}]
        [{"role":"user","content":"Again."}]
        """;

    [Fact]
    public void ArbitraryLines_ConversationsOrFormatException() =>
        ArbitraryInput.Text(Sample).Sample(
            text =>
            {
                try
                {
                    var conversations = ConversationFile.Parse(text.Split('\n'), "prompts.jsonl");
                    Assert.All(conversations, c => Assert.NotEmpty(c));
                }
                catch (FormatException)
                {
                }
            },
            iter: 3000,
            seed: "0N0XIzNsQ0O2");
}
