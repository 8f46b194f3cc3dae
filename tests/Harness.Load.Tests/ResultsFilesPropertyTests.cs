using System.Text;
using CsCheck;
using Harness.Clients;
using Harness.Load.Results;

namespace Harness.Load.Tests;

/// <summary>Whatever timeseries.csv and requests.csv hold, the readers give rows or an <see cref="InvalidDataException"/> naming the file.</summary>
public sealed class ResultsFilesPropertyTests
{
    [Fact]
    public void ArbitraryCsv_RowsOrInvalidData()
    {
        var second = new TimeSeriesRow { Second = 0, Transport = "sse", LoadPoint = "c10", Started = 12, Finished = 11, Active = 1, Tokens = 300 };
        second.Outcomes[(int)RequestOutcome.Ok] = 10;
        second.Outcomes[(int)RequestOutcome.Timeout] = 1;
        var request = new RequestRow
        {
            Transport = "ws", LoadPoint = "r20", IntendedStartMs = 1.5, ActualStartMs = 1.75, ConnectMs = 0.5, TtfbMs = 3, TtftMs = 20.125, E2eMs = 500,
            Tokens = 50, ContentDeltas = 50, Chunks = 52, Outcome = RequestOutcome.HttpError, HttpStatus = 429, TimeoutPhase = TimeoutPhase.Idle, Retries = 1, RetryWaitMs = 250,
        };
        byte[] timeSeries = Encoding.UTF8.GetBytes($"{ResultsDirectory.TimeSeriesHeader}\n{second.ToCsv()}\n{(second with { Second = 1 }).ToCsv()}\n");
        byte[] requests = Encoding.UTF8.GetBytes($"{ResultsDirectory.RequestsHeader}\n{request.ToCsv()}\n{(request with { Transport = "a,\"b" }).ToCsv()}\n");
        using var root = new TempDirectory();
        Gen.Select(ArbitraryInput.Bytes(timeSeries), ArbitraryInput.Bytes(requests)).Sample(
            sample =>
            {
                using var dir = new TempDirectory(root.Path);
                File.WriteAllBytes(Path.Combine(dir.Path, ResultsDirectory.TimeSeriesFile), sample.Item1);
                File.WriteAllBytes(Path.Combine(dir.Path, ResultsDirectory.RequestsFile), sample.Item2);
                Expect(() => ResultsFiles.ReadTimeSeries(dir.Path).Count, ResultsDirectory.TimeSeriesFile);
                Expect(() => ResultsFiles.ReadRequests(dir.Path).Count, ResultsDirectory.RequestsFile);
            },
            iter: 2000,
            seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void TimeSeries_WrittenBeforeTheStoppedColumn_ReadsWithStoppedAs0()
    {
        using var temp = new TempDirectory();
        var row = new TimeSeriesRow { Second = 0, Transport = "sse", LoadPoint = "c5", Started = 5, Finished = 4, Active = 1, Tokens = 231 };
        row.Outcomes[(int)RequestOutcome.Ok] = 3;
        row.Outcomes[(int)RequestOutcome.Timeout] = 1;
        string line = row.ToCsv();
        Assert.EndsWith(",0", line, StringComparison.Ordinal); // the stopped column, last
        string before = ResultsDirectory.TimeSeriesHeader[..ResultsDirectory.TimeSeriesHeader.LastIndexOf(',')];
        Assert.EndsWith(",content_encoding", before, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(temp.Path, ResultsDirectory.TimeSeriesFile), $"{before}\n{line[..^2]}\n");

        var read = Assert.Single(ResultsFiles.ReadTimeSeries(temp.Path));

        Assert.Equal(row.ToCsv(), read.ToCsv());
    }

    [Fact]
    public void ValidRows_ReadBackEqual()
    {
        using var temp = new TempDirectory();
        string dir = temp.Path;
        var rows = new[]
        {
            new RequestRow { Transport = "sse", LoadPoint = "c1", IntendedStartMs = 0, ActualStartMs = 0.125, ConnectMs = 0.5, TtftMs = 20, E2eMs = 40, Tokens = 3, Outcome = RequestOutcome.Ok, HttpStatus = 200 },
            new RequestRow { Transport = "ws", LoadPoint = "c1", ConnectionReused = true, E2eMs = 5, Outcome = RequestOutcome.WebSocketClosed, WebSocketCloseCode = 1011 },
        };
        ResultsFiles.Write(dir, new RunResults { Name = "t", Target = "x", Model = "m" }, new HistogramSet(), [], rows);

        Assert.Equal(rows, ResultsFiles.ReadRequests(dir));
    }

    private static void Expect(Func<int> read, string file)
    {
        try
        {
            Assert.True(read() >= 0);
        }
        catch (InvalidDataException ex)
        {
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        }
    }
}
