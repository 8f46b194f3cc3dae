using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Harness.Fakes.Tests;

public sealed class FakeWriteLogTests(FakeServerFixture fake) : IClassFixture<FakeServerFixture>
{
    [Fact]
    public async Task Write_times_of_a_stream_are_served_by_request_index()
    {
        var before = Stopwatch.GetTimestamp();
        using (var request = FakeServerFixture.ChatRequest(profile: "ttft=5,itl=2,tokens=4"))
        {
            request.Headers.Add("x-fake-request-index", "424242");
            var (response, _) = await fake.SendRawAsync(request);
            response.Dispose();
        }

        var after = Stopwatch.GetTimestamp();
        using var answer = await fake.Http.GetAsync("/v1/fake/write-times/424242");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsByteArrayAsync());
        var root = doc.RootElement;
        Assert.Equal(424242, root.GetProperty("request_index").GetInt64());
        Assert.Equal(Stopwatch.Frequency, root.GetProperty("stopwatch_frequency").GetInt64());
        var start = root.GetProperty("start").GetInt64();
        var due = root.GetProperty("due").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var written = root.GetProperty("written").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.InRange(start, before, after);
        Assert.Equal(4, due.Length);
        Assert.Equal(4, written.Length);
        var tick = Stopwatch.Frequency / 1000.0;
        Assert.Equal(5.0, (due[0] - start) / tick, 3);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(written[i] >= due[i], $"token {i} written before it was due");
            Assert.True(written[i] <= after, $"token {i} written after the client saw the end");
            if (i > 0)
            {
                Assert.Equal(2.0, (due[i] - due[i - 1]) / tick, 3);
            }
        }
    }

    [Theory]
    [InlineData(2, false, true)]
    [InlineData(1, false, false)]
    [InlineData(2, true, true)]
    [InlineData(1, true, false)]
    public async Task Over_h2_the_connections_writer_stamps_every_token_when_its_bytes_go_to_the_socket(int httpMajor, bool tls, bool byConnection)
    {
        var index = 515_000 + (tls ? 10 : 0) + httpMajor;
        var thumbprint = fake.Server.Certificate!.GetCertHashString();
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == thumbprint;
        using var http = new HttpClient(handler) { BaseAddress = tls ? fake.Server.HttpsBaseUrl : httpMajor == 2 ? fake.Server.Http2BaseUrl : fake.Server.HttpBaseUrl };
        using var request = FakeServerFixture.ChatRequest(profile: "ttft=2,itl=1,tokens=6");
        request.Version = new Version(httpMajor, httpMajor == 2 ? 0 : 1);
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        request.Headers.Add("x-fake-request-index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var before = Stopwatch.GetTimestamp();
        using (var response = await http.SendAsync(request))
        {
            Assert.Equal(httpMajor, response.Version.Major);
            await response.Content.ReadAsByteArrayAsync();
        }

        var after = Stopwatch.GetTimestamp();
        var record = fake.Server.WriteLog.Find(index);
        Assert.NotNull(record);
        Assert.Equal(byConnection, record.StampedByConnection);
        for (var i = 0; i < record.Written.Length; i++)
        {
            Assert.InRange(record.Written[i], Math.Max(before, record.Due[i]), after);
        }
    }

    [Fact]
    public async Task Unknown_request_index_is_404()
    {
        using var answer = await fake.Http.GetAsync("/v1/fake/write-times/987654321");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        using var notNumber = await fake.Http.GetAsync("/v1/fake/write-times/abc");
        Assert.Equal(HttpStatusCode.NotFound, notNumber.StatusCode);
    }

    [Fact]
    public void The_log_keeps_the_newest_record_per_index_and_forgets_beyond_capacity()
    {
        var log = new FakeWriteLog();
        var first = log.Begin(1, 10, 1);
        var second = log.Begin(1, 20, 1);
        Assert.Same(second, log.Find(1));
        for (var i = 0; i < FakeWriteLog.Capacity; i++)
        {
            log.Begin(100 + i, 0, 0);
        }

        Assert.Null(log.Find(1));
        Assert.NotSame(first, second);
        Assert.NotNull(log.Find(100 + FakeWriteLog.Capacity - 1));
    }
}
