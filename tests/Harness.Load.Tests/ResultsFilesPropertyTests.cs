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
        string root = Path.Combine(Path.GetTempPath(), "harness-csv-props", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Gen.Select(ArbitraryInput.Bytes(timeSeries), ArbitraryInput.Bytes(requests)).Sample(
                sample =>
                {
                    string dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(dir);
                    File.WriteAllBytes(Path.Combine(dir, ResultsDirectory.TimeSeriesFile), sample.Item1);
                    File.WriteAllBytes(Path.Combine(dir, ResultsDirectory.RequestsFile), sample.Item2);
                    try
                    {
                        Expect(() => ResultsFiles.ReadTimeSeries(dir).Count, ResultsDirectory.TimeSeriesFile);
                        Expect(() => ResultsFiles.ReadRequests(dir).Count, ResultsDirectory.RequestsFile);
                    }
                    finally
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                },
                iter: 2000,
                seed: "0N0XIzNsQ0O2");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ValidRows_ReadBackEqual()
    {
        string dir = Path.Combine(Path.GetTempPath(), "harness-csv-props", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var rows = new[]
        {
            new RequestRow { Transport = "sse", LoadPoint = "c1", IntendedStartMs = 0, ActualStartMs = 0.125, ConnectMs = 0.5, TtftMs = 20, E2eMs = 40, Tokens = 3, Outcome = RequestOutcome.Ok, HttpStatus = 200 },
            new RequestRow { Transport = "ws", LoadPoint = "c1", ConnectionReused = true, E2eMs = 5, Outcome = RequestOutcome.WebSocketClosed, WebSocketCloseCode = 1011 },
        };
        ResultsFiles.Write(dir, new RunResults { Name = "t", Target = "x", Model = "m" }, new HistogramSet(), [], rows);

        Assert.Equal(rows, ResultsFiles.ReadRequests(dir));
        Directory.Delete(dir, recursive: true);
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
