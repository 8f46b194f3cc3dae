using System.Text.Json;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>A bad JSON file is described in the file's terms (path, line, the kind of value), never by the .NET types it was read into.</summary>
public sealed class JsonProblemTests
{
    [Theory]
    [InlineData("""{ "count": 1 }""", "missing \"name\"")]
    [InlineData("""{ "name": "x", "count": "many" }""", "$.count is not a number (line 1)")]
    [InlineData("""{ "name": 5 }""", "$.name is not a string (line 1)")]
    [InlineData("{ \"name\": \"x\",\n  \"items\": {} }", "$.items is not an array (line 2)")]
    [InlineData("""{ "name": "x", "items": [1, 2]""", "it ends inside an object or array: cut short?")]
    [InlineData("""{ "name": "x", "items": [1, 2""", "'2' is an invalid end of a number. Expected a delimiter. (line 1)")]
    public void Says_what_is_wrong_where(string json, string said)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>(json));
        Assert.Equal(said, JsonProblem.Describe(ex));
    }

    [Fact]
    public void A_results_file_missing_its_members_names_them_not_the_type()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<RunResults>("{}", ResultsDirectory.JsonOptions));
        string said = JsonProblem.Describe(ex);
        Assert.StartsWith("missing \"", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Harness.", said, StringComparison.Ordinal);
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
