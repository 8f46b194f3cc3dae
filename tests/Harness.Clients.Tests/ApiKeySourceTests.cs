namespace Harness.Clients.Tests;

/// <summary>
/// A key the harness cannot send as <c>Authorization: Bearer KEY</c> is refused with a message that
/// names where it came from and what is wrong, and never holds the key.
/// </summary>
public sealed class ApiKeySourceTests : IDisposable
{
    private const string Secret = "sk-keysource-7c6b5a4938271605";
    private readonly TempDirectory _dir = new();

    public static TheoryData<string, string> BadKeys { get; } = new()
    {
        { $"{Secret}\nsk-second-key-0000", "line break" },
        { $"{Secret}\r\nsk-second-key-0000", "line break" },
        { $"{Secret}\u0007tail", "control character (U+0007)" },
        { $"{Secret}\u007ftail", "control character (U+007F)" },
        { $"{Secret}\u2014tail", "non-ASCII character" },
        { $"Bearer {Secret}", "starts with 'Bearer '" },
        { $"bearer {Secret}", "starts with 'Bearer '" },
    };

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void File_WithABadKey_IsRefused_NamingTheFileNotTheKey(string key, string problem)
    {
        string path = Path.Combine(_dir.Path, "key.txt");
        File.WriteAllText(path, key + "\n");
        var ex = Assert.Throws<FormatException>(() => ApiKeySource.Resolve(path, _ => null));
        Assert.StartsWith($"the API key file '{path}' ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("keysource", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Environment_WithABadKey_IsRefused_NamingTheVariableNotTheKey(string key, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => ApiKeySource.Resolve(null, name => name == ApiKeySource.OpenAiVariable ? key : null));
        Assert.StartsWith($"the API key in {ApiKeySource.OpenAiVariable} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("keysource", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("")]
    public void File_TrailingNewline_IsTrimmed(string ending)
    {
        string path = Path.Combine(_dir.Path, "key.txt");
        File.WriteAllText(path, Secret + ending);
        Assert.Equal(Secret, ApiKeySource.Resolve(path, _ => null));
    }

    [Fact]
    public void Environment_GoodKey_IsReturned_AndNoneIsNull()
    {
        Assert.Equal(Secret, ApiKeySource.Resolve(null, _ => $" {Secret}\n"));
        Assert.Null(ApiKeySource.Resolve(null, _ => null));
    }
}
