using System.Globalization;
using System.Text;

namespace Harness.Conformance.Parsers;

/// <summary>Runs every rule case through every parser adapter, whole and with 1-byte reads.</summary>
public sealed class ParserMatrix
{
    private ParserMatrix(IReadOnlyList<SseRuleCase> cases, IReadOnlyList<string> parsers, IReadOnlyList<ParserCaseOutcome> outcomes)
    {
        Cases = cases;
        Parsers = parsers;
        Outcomes = outcomes;
    }

    /// <summary>The adapters the harness knows: its own reader, System.Net's SseParser, and the naive line reader.</summary>
    public static IReadOnlyList<ISseParserAdapter> KnownAdapters { get; } =
        [new HarnessSseReaderAdapter(), new SystemNetSseParserAdapter(), new NaiveDataLineAdapter()];

    /// <summary>The rule cases, in order.</summary>
    public IReadOnlyList<SseRuleCase> Cases { get; }

    /// <summary>The adapter names, in column order.</summary>
    public IReadOnlyList<string> Parsers { get; }

    /// <summary>One outcome per case and parser.</summary>
    public IReadOnlyList<ParserCaseOutcome> Outcomes { get; }

    /// <summary>Runs <paramref name="cases"/> (default: all) through <paramref name="adapters"/> (default: <see cref="KnownAdapters"/>).</summary>
    public static ParserMatrix Run(IEnumerable<ISseParserAdapter>? adapters = null, IEnumerable<SseRuleCase>? cases = null)
    {
        var adapterList = (adapters ?? KnownAdapters).ToList();
        var caseList = (cases ?? SseRuleCases.All).ToList();
        var outcomes = new List<ParserCaseOutcome>();
        foreach (var c in caseList)
        {
            foreach (var a in adapterList)
            {
                var (wholeOk, wholeDetail) = Judge(a, c, new MemoryStream(c.Input, writable: false));
                var (splitOk, splitDetail) = Judge(a, c, new OneByteReadStream(c.Input));
                var detail = !wholeOk ? wholeDetail : !splitOk ? "1-byte reads: " + splitDetail : "";
                outcomes.Add(new ParserCaseOutcome(c.Id, a.Name, wholeOk, splitOk, detail));
            }
        }

        return new ParserMatrix(caseList, [.. adapterList.Select(a => a.Name)], outcomes);
    }

    /// <summary>The outcome for one case and parser.</summary>
    public ParserCaseOutcome Get(string caseId, string parser) => Outcomes.Single(o => o.CaseId == caseId && o.Parser == parser);

    /// <summary>The rules a parser breaks.</summary>
    public IReadOnlyList<ParserCaseOutcome> Broken(string parser) => [.. Outcomes.Where(o => o.Parser == parser && !o.Ok)];

    /// <summary>A Markdown matrix (rule × parser, ✓/✗), a per-parser tally, then what each broken rule got.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| rule | ").AppendJoin(" | ", Parsers).Append(" |\n|---|").Append(string.Concat(Parsers.Select(_ => "---|"))).Append('\n');
        foreach (var c in Cases)
        {
            sb.Append("| `").Append(c.Id).Append("` | ").AppendJoin(" | ", Parsers.Select(p => Get(c.Id, p).Cell)).Append(" |\n");
        }

        sb.Append("| **rules kept** | ")
            .AppendJoin(" | ", Parsers.Select(p => string.Create(CultureInfo.InvariantCulture, $"**{Cases.Count - Broken(p).Count}/{Cases.Count}**")))
            .Append(" |\n\n");
        foreach (var p in Parsers)
        {
            var broken = Broken(p);
            sb.Append(CultureInfo.InvariantCulture, $"{p}: {(broken.Count == 0 ? "breaks no rule" : $"breaks {broken.Count}")}\n");
            foreach (var o in broken)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  - {o.CaseId}: {o.Detail}\n");
            }
        }

        return sb.ToString();
    }

    private static (bool Ok, string Detail) Judge(ISseParserAdapter adapter, SseRuleCase c, Stream input)
    {
        IReadOnlyList<ParsedEvent> got;
        try
        {
            using (input)
            {
                got = adapter.Parse(input);
            }
        }
        catch (Exception ex)
        {
            return (false, $"threw {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }

        return got.SequenceEqual(c.Expected)
            ? (true, "")
            : (false, $"expected [{Short(c.Expected)}], got [{Short(got)}]");
    }

    private static string Short(IReadOnlyList<ParsedEvent> events)
    {
        var text = string.Join(", ", events);
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
