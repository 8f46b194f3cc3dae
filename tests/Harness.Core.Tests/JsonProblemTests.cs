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

    /// <summary>A root of the wrong kind says what it should be, not "a value of the expected kind" (every root the harness reads is an object).</summary>
    [Fact]
    public void A_root_of_the_wrong_kind_says_it_is_not_an_object()
    {
        Assert.Equal("it is not a JSON object (line 1)", JsonProblem.Describe(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>("[]"))));
        Assert.Equal("it is not a JSON object (line 1)", JsonProblem.Describe(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, Probe>>("[1, 2]"))));
        Assert.Equal("it is not a JSON object (line 1)", JsonProblem.Describe(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>("5"))));
        Assert.Equal("it is not an array (line 1)", JsonProblem.Describe(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<List<int>>("{}"))));
    }

    /// <summary>A key read with unmapped members disallowed is named with the closest known one, not "could not be mapped to any .NET member contained in type".</summary>
    [Fact]
    public void An_unknown_key_is_named_with_the_known_ones()
    {
        var options = new JsonSerializerOptions { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        string[] known = ["name", "count", "items"];
        var ex = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>("""{ "name": "x", "cuont": 1 }""", options));
        Assert.Equal("unknown key \"cuont\" (line 1) (did you mean \"count\"?); known: name, count, items", JsonProblem.Describe(ex, known));

        var nested = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, Probe>>("{ \"a\": { \"name\": \"x\",\n \"zzz\": 1 } }", options));
        Assert.Equal("unknown key \"zzz\" in $.a (line 2); known: name, count, items", JsonProblem.Describe(nested, known));
        Assert.DoesNotContain(".NET", JsonProblem.Describe(nested), StringComparison.Ordinal);
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
