using System.Globalization;
using System.Text;

namespace IntegrationHub.Bench;

/// <summary>Turns the measured phases into the Markdown report, and checks the counts add up.</summary>
internal sealed class IngestReport(
    BenchArguments args,
    IReadOnlyList<(string Name, string Value)> machine,
    IReadOnlyList<PhaseResult> results,
    int plantedDefects,
    long parentPeakWorkingSet)
{
    private const double MiB = 1024.0 * 1024.0;

    private PhaseResult Floor => results.Single(r => r.Phase == Phases.Floor);

    private PhaseResult Get(string source, string phase) => results.Single(r => r.Source == source && r.Phase == phase);

    /// <summary>Every way the run went wrong: wrong counts, lost records. Empty when it is good.</summary>
    public IReadOnlyList<string> Check(IReadOnlyDictionary<string, long> expected)
    {
        var problems = new List<string>();
        foreach (var source in Sources.All)
        {
            foreach (var phase in new[] { Phases.Read, Phases.ReadValidate, Phases.ReadMap, Phases.Full })
            {
                var r = Get(source, phase);
                if (r.Read != expected[source])
                {
                    problems.Add($"{source} {phase}: read {r.Read}, expected {expected[source]}.");
                }

                if (r.Accepted + r.Unchanged + r.Quarantined != r.Read)
                {
                    problems.Add($"{source} {phase}: read {r.Read} != accepted {r.Accepted} + unchanged {r.Unchanged} + quarantined {r.Quarantined}.");
                }
            }

            if (Get(source, Phases.Full).Quarantined != Get(source, Phases.ReadMap).Quarantined)
            {
                problems.Add($"{source}: the full ingest quarantined {Get(source, Phases.Full).Quarantined}, read+map {Get(source, Phases.ReadMap).Quarantined}.");
            }
        }

        if (Get(Sources.Dukcapil, Phases.Full).Quarantined != plantedDefects)
        {
            problems.Add($"dukcapil: quarantined {Get(Sources.Dukcapil, Phases.Full).Quarantined}, but {plantedDefects} rows were broken on purpose.");
        }

        if (Floor.Read != expected[Sources.Dukcapil])
        {
            problems.Add($"floor: loaded {Floor.Read} rows, expected {expected[Sources.Dukcapil]}.");
        }

        return problems;
    }

    public string ToMarkdown(IReadOnlyList<string> problems)
    {
        var s = new StringBuilder();
        var db = args.Database == BenchDatabase.Postgres ? "PostgreSQL" : "SQLite";
        Line(s, $"# Ingest throughput, {db}, N = {args.Rows:N0}");
        Line(s);
        Line(s, $"Command: `dotnet run -c Release --project bench/Hub.Bench -- ingest {string.Join(' ', args.Raw)}`");
        Line(s);
        foreach (var (name, value) in machine)
        {
            Line(s, $"- {name}: {value}");
        }

        Line(s, $"- Seed {args.Seed}, batch {args.BatchSize} records per transaction (and per BPJS page); each phase in a fresh child process");
        Line(s);
        Line(s, "## Throughput and cost by phase");
        Line(s);
        Line(s, "| source | records | read rec/s | read+map rec/s | full ingest rec/s | read µs/rec | validate µs/rec | map µs/rec | write µs/rec | full s | full ÷ floor |");
        Line(s, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var floorPerRecord = Floor.Seconds / Math.Max(1, Floor.Read);
        foreach (var source in Sources.All)
        {
            var read = Get(source, Phases.Read);
            var validate = Get(source, Phases.ReadValidate);
            var map = Get(source, Phases.ReadMap);
            var full = Get(source, Phases.Full);
            var n = Math.Max(1, full.Read);
            Line(s, $"| {Sources.Describe(source)} | {full.Read:N0} | {read.RecordsPerSecond:N0} | {map.RecordsPerSecond:N0} | {full.RecordsPerSecond:N0} | " +
                $"{Micro(read.Seconds / n)} | {Micro((validate.Seconds - read.Seconds) / n)} | {Micro((map.Seconds - validate.Seconds) / n)} | {Micro((full.Seconds - map.Seconds) / n)} | {full.Seconds:0.00} | " +
                $"**{full.Seconds / n / floorPerRecord:0.0}×** |");
        }

        Line(s, $"| floor: raw bulk load ({FloorDescription()}) | {Floor.Read:N0} | | | {Floor.RecordsPerSecond:N0} | | | | {Micro(floorPerRecord)} | {Floor.Seconds:0.00} | 1.0× |");
        Line(s);
        Line(s, "validate = (read+validate) − read: the agency schema's checks; map = (read+map) − (read+validate); write = full − (read+map): record checks, hashing, linking and every database statement of the hub. " +
            "full ÷ floor compares time per record of the full ingest with time per record of the floor (same rows, same database, same run).");
        Line(s);
        Line(s, "## Memory and outcomes per phase (each a fresh process)");
        Line(s);
        Line(s, "| source | phase | seconds | peak working set | allocated | allocated per record | accepted | unchanged | quarantined |");
        Line(s, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            Line(s, $"| {r.Source} | {r.Phase} | {r.Seconds:0.000} | {r.PeakWorkingSetBytes / MiB:N0} MiB | {r.AllocatedBytes / MiB:N0} MiB | " +
                $"{r.AllocatedBytes / (double)Math.Max(1, r.Read):N0} B | {r.Accepted:N0} | {r.Unchanged:N0} | {r.Quarantined:N0} |");
        }

        Line(s);
        Line(s, $"Peak working set is the child process's whole life (runtime, set-up and the phase). The parent, which generated the " +
            $"rows and served the BPJS API, peaked at {parentPeakWorkingSet / MiB:N0} MiB. Dukcapil rows broken on purpose: {plantedDefects:N0}.");
        Line(s);
        Line(s, problems.Count == 0 ? "Checks: every count adds up (read = accepted + unchanged + quarantined; every planted defect quarantined; nothing lost)." : "Checks FAILED:");
        foreach (var problem in problems)
        {
            Line(s, "- " + problem);
        }

        return s.ToString();
    }

    private string FloorDescription() => args.Database == BenchDatabase.Postgres
        ? "Npgsql binary COPY of the CSV's 22 text columns"
        : "prepared INSERTs of the CSV's 22 text columns, one transaction";

    private static string Micro(double seconds) => (seconds * 1e6).ToString("N1", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder s, FormattableString? text = null) =>
        s.Append(text is null ? "" : text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder s, string text) => s.Append(text).Append('\n');
}
