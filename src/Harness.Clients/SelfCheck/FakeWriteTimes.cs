using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// The harness fake's own record of one request (from <c>GET /v1/fake/write-times/{request_index}</c>):
/// when the request reached its handler, when each token was due and when its bytes went to the socket, in
/// <see cref="Stopwatch"/> ticks of this machine's monotonic clock, so directly comparable with the
/// client's timeline even when the fake runs in another process.
/// </summary>
/// <param name="RequestIndex">The request index the fake served.</param>
/// <param name="Start">When the fake's handler received the request (the schedule's origin).</param>
/// <param name="Due">When each content token was due.</param>
/// <param name="Written">When each token's bytes were handed to the socket (0: never written).</param>
public sealed record FakeWriteTimes(long RequestIndex, long Start, long[] Due, long[] Written)
{
    /// <summary>Fetches the record of <paramref name="requestIndex"/> from the fake at <paramref name="fakeHttpBase"/>; null when the fake does not remember it.</summary>
    /// <exception cref="FormatException">The fake answered something else, or runs on another clock.</exception>
    public static async Task<FakeWriteTimes?> FetchAsync(HttpClient http, Uri fakeHttpBase, long requestIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(fakeHttpBase);
        var url = new Uri(fakeHttpBase, "/v1/fake/write-times/" + requestIndex.ToString(CultureInfo.InvariantCulture));
        using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Parse(bytes);
    }

    /// <summary>Parses the endpoint's JSON.</summary>
    /// <exception cref="FormatException">Not the fake's write-times JSON, or another clock's ticks.</exception>
    public static FakeWriteTimes Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.GetProperty("stopwatch_frequency").GetInt64() != Stopwatch.Frequency)
            {
                throw new FormatException("the fake's clock runs at another frequency: it is not on this machine's monotonic clock");
            }

            return new FakeWriteTimes(
                root.GetProperty("request_index").GetInt64(),
                root.GetProperty("start").GetInt64(),
                root.GetProperty("due").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
                root.GetProperty("written").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not the fake's write-times JSON: " + ex.Message, ex);
        }
    }
}
