using System.Globalization;
using System.Text;
using IntegrationHub.Worker.Evaluation;

namespace IntegrationHub.Bench;

/// <summary>One of the issue's targets for the synthetic population, measured.</summary>
internal sealed record PopulationTarget(string Name, string Measured, bool Pass);

/// <summary>Turns a population run into the Markdown report: per-agency ingest, identity outcomes, scores and targets.</summary>
internal sealed class PopulationReport(
    PopulationArguments args,
    IReadOnlyList<(string Name, string Value)> machine,
    IReadOnlyDictionary<string, (long Records, long Quarantined)> expected,
    double generateSeconds,
    IReadOnlyList<PhaseResult> results,
    IReadOnlyDictionary<(string Source, string State, string Method), long> outcomes,
    PopulationScores scores,
    double scoreSeconds,
    long parentPeakWorkingSet)
{
    private const double MiB = 1024.0 * 1024.0;

    /// <summary>The issue's targets: false merges ≤ 0.05% of automatic links; ≥ 99% of true links made or sent to review; review queue ≤ 2% of records.</summary>
    public IReadOnlyList<PopulationTarget> Targets() =>
    [
        new("false merges ≤ 0.05% of automatic links", Format($"{scores.FalseAutoLinks:N0} of {scores.AutoLinks:N0} = {scores.FalseMergeRate:0.000%}"), scores.FalseMergeRate <= 0.0005),
        new("≥ 99% of records with a true partner linked or sent to review", Format($"{scores.RecordsLinkedOrReviewed:N0} of {scores.RecordsWithATrueLink:N0} = {scores.LinkedOrReviewedRate:0.00%}"), scores.LinkedOrReviewedRate >= 0.99),
        new("review queue ≤ 2% of records", Format($"{scores.OpenReviewItems:N0} of {scores.Records:N0} = {scores.ReviewQueueRate:0.00%}"), scores.ReviewQueueRate <= 0.02),
    ];

    /// <summary>Every way the run itself went wrong (not the targets): wrong counts, lost records. Empty when it is good.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        foreach (var r in results)
        {
            var (records, quarantined) = expected[r.Source];
            if (r.Read != records)
            {
                problems.Add($"{r.Source}: read {r.Read}, the population has {records}.");
            }

            if (r.Quarantined != quarantined)
            {
                problems.Add($"{r.Source}: quarantined {r.Quarantined}, expected {quarantined}.");
            }

            if (r.Accepted + r.Unchanged + r.Quarantined != r.Read)
            {
                problems.Add($"{r.Source}: read {r.Read} != accepted {r.Accepted} + unchanged {r.Unchanged} + quarantined {r.Quarantined}.");
            }
        }

        var accepted = results.Sum(r => r.Accepted);
        if (scores.Records + scores.RecordsMissingFromTruth != accepted)
        {
            problems.Add($"the index holds {scores.Records + scores.RecordsMissingFromTruth} source records, ingest accepted {accepted}.");
        }

        if (scores.RecordsMissingFromTruth != 0)
        {
            problems.Add($"{scores.RecordsMissingFromTruth} records in the index are not in the truth file.");
        }

        return problems;
    }

    public string ToMarkdown(IReadOnlyList<string> problems)
    {
        var s = new StringBuilder();
        var db = args.Database == BenchDatabase.Postgres ? "PostgreSQL" : "SQLite";
        Line(s, Format($"# Identity matching on a synthetic population, {db}, N = {args.People:N0} people"));
        Line(s);
        Line(s, $"Command: `dotnet run -c Release --project bench/Hub.Bench -- population {string.Join(' ', args.Raw)}` (what `bench/population.sh` runs)");
        Line(s);
        foreach (var (name, value) in machine)
        {
            Line(s, $"- {name}: {value}");
        }

        Line(s, Format($"- Population: `hub generate population --people {args.People} --seed {args.Seed} --today {PopulationBenchmark.Today:yyyy-MM-dd}` (default noise rates, Dukcapil defect rate {PopulationBenchmark.DefectRate}), generated in {generateSeconds:0.0} s. Seed {args.Seed} is not the seed the shipped model was trained on."));
        Line(s, Format($"- Sources: Dukcapil csv-file (the generated biodata.csv), BPJS rest-json (peserta.json served page by page over loopback HTTP by the benchmark, {args.BatchSize} per page), DJP sql-table (the generated SQLite file); batch {args.BatchSize} records per transaction"));
        Line(s, "- Ingested in that order into an empty index, each agency in a fresh child process through the hub's ingest service with the written hub configuration; identity is resolved on every record (shipped match model).");
        Line(s);
        Line(s, "## Ingest per agency");
        Line(s);
        Line(s, "| agency | records | accepted | quarantined | seconds | records/s | µs/record | peak working set | allocated per record |");
        Line(s, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            Line(s, Format($"| {Sources.Describe(r.Source)} | {r.Read:N0} | {r.Accepted:N0} | {r.Quarantined:N0} | {r.Seconds:0.00} | **{r.RecordsPerSecond:N0}** | {r.Seconds / Math.Max(1, r.Read) * 1e6:N0} | {r.PeakWorkingSetBytes / MiB:N0} MiB | {r.AllocatedBytes / (double)Math.Max(1, r.Read):N0} B |"));
        }

        var total = results.Sum(r => r.Read);
        var seconds = results.Sum(r => r.Seconds);
        Line(s, Format($"| all three | {total:N0} | {results.Sum(r => r.Accepted):N0} | {results.Sum(r => r.Quarantined):N0} | {seconds:0.00} | **{total / Math.Max(1e-9, seconds):N0}** | {seconds / Math.Max(1, total) * 1e6:N0} | {results.Max(r => r.PeakWorkingSetBytes) / MiB:N0} MiB (max) | |"));
        Line(s);
        Line(s, Format($"Peak working set is the child process's whole life (runtime, set-up and the ingest). The parent, which generated the population, served the BPJS API and scored the index, peaked at {parentPeakWorkingSet / MiB:N0} MiB. Scoring took {scoreSeconds:0.0} s."));
        Line(s);
        Line(s, "## Identity outcomes per agency (source records by link state and method)");
        Line(s);
        Line(s, "| agency | state | method | records |");
        Line(s, "| --- | --- | --- | ---: |");
        foreach (var ((source, state, method), count) in outcomes.OrderBy(o => Array.IndexOf(Sources.All, o.Key.Source)).ThenBy(o => o.Key.State, StringComparer.Ordinal).ThenBy(o => o.Key.Method, StringComparer.Ordinal))
        {
            Line(s, Format($"| {source} | {state} | {method} | {count:N0} |"));
        }

        Line(s);
        Line(s, "## Scores against truth.csv");
        Line(s);
        Line(s, scores.ToMarkdown());
        Line(s);
        Line(s, "## Targets (issue 4, synthetic Indonesian population)");
        Line(s);
        Line(s, "| target | measured | result |");
        Line(s, "| --- | --- | --- |");
        foreach (var t in Targets())
        {
            Line(s, $"| {t.Name} | {t.Measured} | {(t.Pass ? "pass" : "**FAIL**")} |");
        }

        Line(s);
        Line(s, problems.Count == 0
            ? "Checks: every count adds up (every record read; exactly the planted Dukcapil defects and NIK/birth-date contradictions quarantined; every accepted record in the index and in the truth file)."
            : "Checks FAILED:");
        foreach (var problem in problems)
        {
            Line(s, "- " + problem);
        }

        return s.ToString();
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder s, string? text = null) => s.Append(text ?? "").Append('\n');
}
