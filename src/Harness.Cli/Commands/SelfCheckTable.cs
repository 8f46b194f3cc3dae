using System.Globalization;
using Harness.Clients;
using Harness.Clients.SelfCheck;

namespace Harness.Cli.Commands;

/// <summary>Prints self-check rows: one line per stage, percentiles in ms, met/missed where a stage has a target.</summary>
internal sealed class SelfCheckTable(TextWriter output)
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>The column header is printed before a table's first row, after any note.</summary>
    private bool _headerDue;

    public void Preamble(int streams)
    {
        // "10 streams in each 1-stream row, 100 in each 100-stream row": rows measure whole rounds.
        var loads = SelfCheckSuite.Concurrencies;
        string perRow = string.Join(", ", loads.Select((c, i) => $"{SelfCheckSuite.MeasuredStreams(c, streams)}{(i == 0 ? " streams" : string.Empty)} in each {c}-stream row"));
        output.WriteLine($"selfcheck: schedule {SelfCheckSuite.ScheduleText}, {perRow} (whole rounds, each started over one inter-token interval); {LoadAverage()}");
        output.WriteLine($"targets: fake write -> client (every token) p50 <= {SelfCheckResult.DeliveryP50TargetMs} ms, p99 <= {SelfCheckResult.DeliveryP99TargetMs} ms; |TTFT error| p50 <= {SelfCheckResult.TtftP50TargetMs} ms, p99 <= {SelfCheckResult.TtftP99TargetMs} ms");
    }

    public void Title(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title} ==");
        output.Flush();
        _headerDue = true;
    }

    /// <summary>A line before a table's rows (how the priming went).</summary>
    public void Note(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }

    public void Row(SelfCheckResult r)
    {
        if (_headerDue)
        {
            output.WriteLine($"{"transport",-9} {"conc",4} {"ok/run",9}  {"stage",-34} {"n",6} {"p50",8} {"p99",8} {"p99.9",8} {"max",8}  target");
            _headerDue = false;
        }

        var head = string.Create(s_inv, $"{r.Transport.ToName(),-9} {r.Concurrency,4} {$"{r.OkStreams}/{r.Streams}",9}");
        var deliveryMet = SelfCheckResult.Quantile(r.TokenDeliveryMs, 0.5) <= SelfCheckResult.DeliveryP50TargetMs && SelfCheckResult.Quantile(r.TokenDeliveryMs, 0.99) <= SelfCheckResult.DeliveryP99TargetMs;
        var ttftMet = Math.Abs(r.TtftErrorP50) <= SelfCheckResult.TtftP50TargetMs && Math.Abs(r.TtftErrorP99) <= SelfCheckResult.TtftP99TargetMs;
        Line(head, "first token: client -> fake start", r.TtftRequestMs, null);
        Line(head, "first token: schedule -> fake write", r.TtftFakeLateMs, null);
        Line(head, "first token: fake write -> client", r.TtftDeliveryMs, null);
        Line(head, "first token: total (TTFT error)", r.TtftErrorsMs, r.TtftErrorsMs.Length > 0 && ttftMet);
        Line(head, "every token: schedule -> fake write", r.TokenFakeLateMs, null);
        Line(head, "every token: fake write -> client", r.TokenDeliveryMs, r.TokenDeliveryMs.Length > 0 && deliveryMet);
        Line(head, "gap error (measured - scheduled)", r.GapErrorsMs, null);
        output.WriteLine($"{head}  {"row",-34} {Compiled(r),42}  {(r.Met ? "met" : "missed")}");
        output.Flush();
    }

    public void Legend()
    {
        output.WriteLine();
        output.WriteLine("client -> fake start: connection and request write (the schedule runs from the fake's start); schedule -> fake write: the fake's lateness;");
        output.WriteLine("fake write -> client: wire, kernel and client, the harness's own error against a remote server; total = the three together.");
        output.Flush();
    }

    /// <summary>The 1/5/15-minute load average, so every figure says how busy the machine was.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {parts[0]} {parts[1]} {parts[2]} on {Environment.ProcessorCount} CPUs";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return $"load average unknown, {Environment.ProcessorCount} CPUs";
        }
    }

    /// <summary>What both sides compiled while the row ran: tier-up there is work on the client's CPU that a steady run does not have.</summary>
    private static string Compiled(SelfCheckResult r) =>
        r.ClientJitMs is { } client && r.FakeJitMs is { } fake
            ? string.Create(s_inv, $"JIT during the row: client {client:0} ms, fake {fake:0} ms")
            : string.Empty;

    private void Line(string head, string stage, double[] sorted, bool? met)
    {
        static string F(double v) => v.ToString("+0.000;-0.000;0.000", s_inv);
        var verdict = met switch { true => "met", false => "missed", null => string.Empty };
        output.WriteLine(string.Create(s_inv,
            $"{head}  {stage,-34} {sorted.Length,6} {F(SelfCheckResult.Quantile(sorted, 0.5)),8} {F(SelfCheckResult.Quantile(sorted, 0.99)),8} {F(SelfCheckResult.Quantile(sorted, 0.999)),8} {F(sorted.Length == 0 ? 0 : sorted[^1]),8}  {verdict}"));
    }
}
