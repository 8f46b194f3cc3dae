using System.Text.Json;
using Harness.Core;

namespace Harness.Core.Tests;

/// <summary>A bad JSON file is described in the file's terms (path, line, the kind of value), never by the .NET types it was read into.</summary>
public sealed class JsonProblemTests
{
    [Theory]
    [InlineData("""{ "count": 1 }""", "missing \"name\"")]
    [InlineData("""{ "name": "x", "count": "many" }""", "$.count is not a number (line 1)")]
    [InlineData("""{ "name": 5 }""", "$.name is not a string (line 1)")]
    [InlineData("{ \"name\": \"x\",\n  \"items\": {} }", "$.items is not an array (line 2)")]
    [InlineData("""{ "name": "x", "items": [1, 2]""", "it ends inside an object or array: cut short?")]
    [InlineData("""{ "name": "x", "items": [1, 2""", "'2' is an invalid end of a number. Expected a delimiter (line 1, column 30)")]
    public void Says_what_is_wrong_where(string json, string said)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>(json));
        Assert.Equal(said, JsonProblem.Describe(ex));
    }

    /// <summary>Syntax errors from a parsed document (a scenario file, --body, a JSONL line): where, not System.Text.Json's "LineNumber: 0 | BytePositionInLine".</summary>
    [Theory]
    [InlineData("""{"a":""", "it ends inside an object or array: cut short?")]
    [InlineData("""{"a":"b""", "it ends inside a string: cut short?")]
    [InlineData("", "it holds no JSON (empty or only whitespace)")]
    [InlineData("  \n ", "it holds no JSON (empty or only whitespace)")]
    [InlineData("{not json", "'n' is an invalid start of a property name. Expected a '\"' (line 1, column 2)")]
    [InlineData("{\"a\": 1,\n \"b\": tru }", "'tru }' is an invalid JSON literal. Expected the literal 'true' (line 2, column 10)")]
    public void A_document_says_where_it_broke(string json, string said)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json));
        Assert.Equal(said, JsonProblem.Describe(ex));
    }

    private sealed record Probe
    {
        [System.Text.Json.Serialization.JsonPropertyName("name")]
        public required string Name { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("count")]
        public long Count { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("items")]
        public List<int>? Items { get; init; }
    }
}
