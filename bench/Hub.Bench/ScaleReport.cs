using System.Globalization;
using System.Text;

namespace IntegrationHub.Bench;

/// <summary>The scale suite's Markdown report: per size the load by phase, the floor, storage, re-ingest and delta; then growth and memory.</summary>
internal sealed class ScaleReport(ScaleArguments args, IReadOnlyList<(string Name, string Value)> machine, IReadOnlyList<ScaleRun> runs)
{
    private const double MiB = 1024.0 * 1024.0;

    /// <summary>Issue 8's targets.</summary>
    public const double FloorTarget = 5.0, MemoryTarget = 1.2;

    private bool Postgres => args.Database == BenchDatabase.Postgres;

    private static readonly string[] s_rssPhases = [Phases.Floor, Phases.Read, Phases.ReadValidate, Phases.ReadMap, ScaleChild.Load, ScaleChild.Again];

    private static PhaseResult Get(ScaleRun run, string source, string phase) => run.Results.Single(r => r.Source == source && r.Phase == phase);

    public string ToMarkdown(IReadOnlyList<string> problems)
    {
        var md = new StringBuilder();
        var db = Postgres ? "PostgreSQL" : "SQLite";
        md.AppendLine(Inv($"# National-scale ingest on {db}, N = {string.Join(", ", runs.Select(r => r.People.ToString("N0", CultureInfo.InvariantCulture)))}"));
        md.AppendLine();
        md.AppendLine("Command:");
        md.AppendLine();
        if (Environment.GetEnvironmentVariable("HUB_BENCH_COMMAND") is { Length: > 0 } script)
        {
            md.AppendLine("    " + script);
        }

        md.AppendLine("    dotnet run -c Release --project bench/Hub.Bench -- scale " + string.Join(' ', args.Raw));
        md.AppendLine();
        foreach (var (name, value) in machine)
        {
            md.AppendLine(Inv($"- {name}: {value}"));
        }

        md.AppendLine(Inv($"- Seed {args.Seed}, today {PopulationBenchmark.Today:yyyy-MM-dd}, batch {args.BatchSize} records (and BPJS page size)"));
        md.AppendLine();
        md.AppendLine(problems.Count == 0 ? "Every count checked out (records read per phase, quarantine, unchanged re-ingest, delta, phase counters within the ingest)." : "**FAILED CHECKS:**");
        foreach (var problem in problems)
        {
            md.AppendLine("- " + problem);
        }

        md.AppendLine();
        foreach (var run in runs)
        {
            WriteRun(md, run);
        }

        WriteGrowth(md);
        WriteMemory(md);
        return md.ToString();
    }

    /// <summary>One line per target, pass or fail, for the console.</summary>
    public IEnumerable<string> Verdicts()
    {
        foreach (var run in runs)
        {
            var ratio = FullOverFloor(run);
            yield return Inv($"N={run.People}: full ingest ÷ floor, all three sources = {ratio:0.0}x") + (Postgres ? Inv($" (target ≤ {FloorTarget}x on PostgreSQL: {(ratio <= FloorTarget ? "PASS" : "FAIL")})") : "");
        }

        if (MemoryRatios() is { } ratios)
        {
            var worst = ratios.Max(r => Ratio(r.Base, r.Largest));
            yield return Inv($"memory bound: worst peak RSS ratio {worst:0.00}x (target ≤ {MemoryTarget}x: {(worst <= MemoryTarget ? "PASS" : "FAIL")})");
        }
    }

    private static double FullOverFloor(ScaleRun run)
    {
        double full = 0, floor = 0;
        foreach (var source in Sources.All)
        {
            full += Get(run, source, ScaleChild.Load).Seconds;
            floor += Get(run, source, Phases.Floor).Seconds;
        }

        return floor > 0 ? full / floor : double.NaN;
    }

    private void WriteRun(StringBuilder md, ScaleRun run)
    {
        md.AppendLine(Inv($"## N = {run.People:N0} people"));
        md.AppendLine();
        md.AppendLine(Inv($"Generated in {run.GenerateSeconds:0.0} s: Dukcapil {run.Records[Sources.Dukcapil]:N0} records, BPJS {run.Records[Sources.Bpjs]:N0}, DJP {run.Records[Sources.Djp]:N0} (the generator's agency coverage: every resident in Dukcapil, about 91% in BPJS, 30% in DJP; {run.PlantedDefects:N0} Dukcapil rows broken on purpose, {run.ExpectedDukcapilQuarantine:N0} to quarantine in all)."));
        md.AppendLine();
        md.AppendLine("### Initial load into an empty index, per source and phase");
        md.AppendLine();
        md.AppendLine("parse, validate and map are measured twice: alone, each in a fresh child process (read; read+validate; read+map, the");
        md.AppendLine("differences giving validate and map; CPU and peak RSS are that child's), and inside the full ingest by the hub's own");
        md.AppendLine("`hub_ingest_phase_seconds_total` counter, which also splits the rest into match, write, lineage and events (wall");
        md.AppendLine("seconds; CPU and peak RSS only for the full ingest's child as a whole). The child-based validate and map are");
        md.AppendLine("differences of two processes' times, so on a busy machine they can come out negative: use the counters for the split.");
        md.AppendLine();
        md.AppendLine("| source | phase | measured | records | wall s | records/s | µs/record | CPU s | peak RSS MiB |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var source in Sources.All)
        {
            var read = Get(run, source, Phases.Read);
            var validate = Get(run, source, Phases.ReadValidate);
            var map = Get(run, source, Phases.ReadMap);
            var full = Get(run, source, ScaleChild.Load);
            var name = Sources.Describe(source);
            Row(md, name, "parse", "child: read", read.Read, read.Seconds, read.CpuSeconds, read.PeakWorkingSetBytes);
            Row(md, name, "validate", "child: read+validate − read", read.Read, validate.Seconds - read.Seconds, validate.CpuSeconds - read.CpuSeconds, validate.PeakWorkingSetBytes);
            Row(md, name, "map", "child: read+map − read+validate", read.Read, map.Seconds - validate.Seconds, map.CpuSeconds - validate.CpuSeconds, map.PeakWorkingSetBytes);
            Row(md, name, "**full ingest**", "child: IngestService", full.Read, full.Seconds, full.CpuSeconds, full.PeakWorkingSetBytes, bold: true);
            var counted = 0.0;
            foreach (var (phase, seconds) in full.PhaseSeconds ?? new Dictionary<string, double>())
            {
                counted += seconds;
                Row(md, name, "  " + phase, "counter, in the full ingest", full.Read, seconds, null, null);
            }

            Row(md, name, "  (not in a phase)", "full − Σ counters: run start/end, mapping load", full.Read, full.Seconds - counted, null, null);
        }

        md.AppendLine();
        md.AppendLine("### The floor, in the same run and database");
        md.AppendLine();
        md.AppendLine(Postgres
            ? "Each source's export read from its generated file and loaded as text columns into a plain table with Npgsql binary COPY."
            : "Each source's export read from its generated file and loaded as text columns into a plain table with prepared INSERTs in one transaction, through a connection the hub opens (same file, WAL, synchronous=NORMAL).");
        md.AppendLine();
        md.AppendLine("| source | rows | floor s | floor records/s | floor peak RSS MiB | full ingest s | full records/s | full ÷ floor |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        double floorTotal = 0, fullTotal = 0;
        long rowsTotal = 0;
        foreach (var source in Sources.All)
        {
            var floor = Get(run, source, Phases.Floor);
            var full = Get(run, source, ScaleChild.Load);
            floorTotal += floor.Seconds;
            fullTotal += full.Seconds;
            rowsTotal += floor.Read;
            md.AppendLine(Inv($"| {Sources.Describe(source)} | {floor.Read:N0} | {floor.Seconds:0.000} | {floor.RecordsPerSecond:N0} | {floor.PeakWorkingSetBytes / MiB:0} | {full.Seconds:0.00} | {full.RecordsPerSecond:N0} | {full.Seconds / floor.Seconds:0.0}x |"));
        }

        var ratio = fullTotal / floorTotal;
        md.AppendLine(Inv($"| **all three** | {rowsTotal:N0} | {floorTotal:0.000} | {rowsTotal / floorTotal:N0} | | {fullTotal:0.00} | {rowsTotal / fullTotal:N0} | **{ratio:0.0}x** |"));
        md.AppendLine();
        md.AppendLine(Postgres
            ? Inv($"Target (issue 8, PostgreSQL): full ingest within {FloorTarget}x the floor. Measured {ratio:0.0}x: **{(ratio <= FloorTarget ? "PASS" : "FAIL")}**.")
            : "The ≤ 5x target is PostgreSQL's; on SQLite the ratio is reported only.");
        md.AppendLine();

        WriteWriteFloor(md, run, fullTotal, floorTotal);
        WriteStorage(md, run);

        md.AppendLine("### Incremental");
        md.AppendLine();
        md.AppendLine("Re-ingest of the same exports into the loaded index (the unchanged path: every record's content hash is already held;");
        md.AppendLine("BPJS's and DJP's cursors are forgotten first so that they read everything again):");
        md.AppendLine();
        md.AppendLine("| source | records | unchanged | wall s | records/s | µs/record | CPU s | peak RSS MiB |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var source in Sources.All)
        {
            var again = Get(run, source, ScaleChild.Again);
            md.AppendLine(Inv($"| {Sources.Describe(source)} | {again.Read:N0} | {again.Unchanged:N0} | {again.Seconds:0.00} | {again.RecordsPerSecond:N0} | {1e6 * again.Seconds / Math.Max(1, again.Read):0.0} | {again.CpuSeconds:0.00} | {again.PeakWorkingSetBytes / MiB:0} |"));
        }

        var delta = Get(run, Sources.Dukcapil, ScaleChild.Delta);
        var events = run.DeltaEvents.Values.Sum();
        md.AppendLine();
        md.AppendLine(Inv($"Daily delta: {run.Delta.Rows:N0} Dukcapil rows changed ({100.0 * run.Delta.Rows / run.Records[Sources.Dukcapil]:0.00}% of the export: {run.Delta.Moves:N0} moves, {run.Delta.NameCorrections:N0} name corrections, {run.Delta.Deaths:N0} deaths), one file, ingested into the loaded index:"));
        md.AppendLine();
        md.AppendLine("| changed rows | accepted | quarantined | wall s | ms per changed record | CPU ms per changed record | peak RSS MiB | change events emitted | by type |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        md.AppendLine(Inv($"| {delta.Read:N0} | {delta.Accepted:N0} | {delta.Quarantined:N0} | {delta.Seconds:0.000} | {1e3 * delta.Seconds / Math.Max(1, delta.Read):0.00} | {1e3 * delta.CpuSeconds / Math.Max(1, delta.Read):0.00} | {delta.PeakWorkingSetBytes / MiB:0} | {events:N0} | {string.Join(", ", run.DeltaEvents.Where(e => e.Value != 0).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => Inv($"{e.Key} {e.Value:N0}")))} |"));
        if (delta.PhaseSeconds is { } phases)
        {
            md.AppendLine();
            md.AppendLine("Delta by phase (counter, seconds): " + string.Join(", ", phases.Select(p => Inv($"{p.Key} {p.Value:0.000}"))) + ".");
        }

        md.AppendLine();
    }

    private static void WriteWriteFloor(StringBuilder md, ScaleRun run, double fullTotal, double rawFloorTotal)
    {
        if (run.WriteFloor is not { } w)
        {
            return;
        }

        md.AppendLine("### The hub's write floor");
        md.AppendLine();
        md.AppendLine("What the raw floor leaves out: the rows a full ingest must store. Every row the load left in the hub's tables, exported and");
        md.AppendLine("written again with binary COPY into a table made LIKE it with its indexes (no foreign keys, triggers or identity), timed per table.");
        md.AppendLine("No ingest that stores these rows through one connection can be faster than this, whatever it does about matching.");
        md.AppendLine();
        md.AppendLine("| table | rows | rows per record | COPY s | share |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        var records = Math.Max(1, Sources.All.Sum(source => Get(run, source, ScaleChild.Load).Read));
        foreach (var t in w.Tables.OrderByDescending(t => t.Seconds).Where(t => t.Seconds >= 0.0005 || t.Rows >= records / 100))
        {
            md.AppendLine(Inv($"| {t.Table} | {t.Rows:N0} | {(double)t.Rows / records:0.00} | {t.Seconds:0.000} | {100 * t.Seconds / w.Seconds:0}% |"));
        }

        md.AppendLine(Inv($"| **all tables** | {w.Rows:N0} | {(double)w.Rows / records:0.00} | {w.Seconds:0.000} | |"));
        md.AppendLine();
        md.AppendLine(Inv($"- Write floor ÷ raw floor: **{w.Seconds / rawFloorTotal:0.0}x**: the least full ÷ floor any ingest writing these rows could reach."));
        md.AppendLine(Inv($"- Full ingest ÷ write floor: **{fullTotal / w.Seconds:0.0}x**: what the hub spends beyond storing its rows (matching, reads, round trips, foreign-key checks, upserts)."));
        md.AppendLine();
    }

    private static void WriteStorage(StringBuilder md, ScaleRun run)
    {
        var s = run.Storage;
        var persons = Math.Max(1, s.Persons);
        md.AppendLine("### Storage after the load");
        md.AppendLine();
        md.AppendLine(Inv($"{s.Persons:N0} persons; {s.TotalBytes / MiB:N1} MiB in all: **{(double)s.TotalBytes / persons:N0} bytes per person**. Measured with {s.Method}."));
        md.AppendLine();
        md.AppendLine("| table | rows | table MiB | indexes MiB | bytes per person (table + indexes) | indexes |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var t in s.Tables.Where(t => t.Rows > 0 || t.TableBytes + t.IndexBytes > 0).OrderByDescending(t => t.TableBytes + t.IndexBytes).ThenByDescending(t => t.Rows))
        {
            var indexes = string.Join(", ", t.Indexes.OrderByDescending(i => i.Bytes).Select(i => Inv($"{i.Index} {i.Bytes / MiB:0.0}")));
            md.AppendLine(Inv($"| {t.Table} | {t.Rows:N0} | {t.TableBytes / MiB:0.0} | {t.IndexBytes / MiB:0.0} | {(double)(t.TableBytes + t.IndexBytes) / persons:N0} | {indexes} |"));
        }

        md.AppendLine();
    }

    private void WriteGrowth(StringBuilder md)
    {
        md.AppendLine("## Growth across sizes");
        md.AppendLine();
        md.AppendLine("| N | records (3 sources) | load s | load records/s | load µs/record | load CPU µs/record | full ÷ floor | bytes/person | re-ingest records/s | delta ms/changed record | delta events | largest peak RSS of a full ingest MiB |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in runs)
        {
            var loads = Sources.All.Select(s => Get(run, s, ScaleChild.Load)).ToList();
            var agains = Sources.All.Select(s => Get(run, s, ScaleChild.Again)).ToList();
            long records = loads.Sum(l => l.Read);
            var seconds = loads.Sum(l => l.Seconds);
            var cpu = loads.Sum(l => l.CpuSeconds);
            var delta = Get(run, Sources.Dukcapil, ScaleChild.Delta);
            md.AppendLine(Inv($"| {run.People:N0} | {records:N0} | {seconds:0.0} | {records / seconds:N0} | {1e6 * seconds / records:0} | {1e6 * cpu / records:0} | {FullOverFloor(run):0.0}x | {(double)run.Storage.TotalBytes / Math.Max(1, run.Storage.Persons):N0} | {agains.Sum(a => a.Read) / agains.Sum(a => a.Seconds):N0} | {1e3 * delta.Seconds / Math.Max(1, delta.Read):0.00} | {run.DeltaEvents.Values.Sum():N0} | {loads.Max(l => l.PeakWorkingSetBytes) / MiB:0} |"));
        }

        md.AppendLine();
    }

    private List<(string Source, string Phase, PhaseResult Base, PhaseResult Largest)>? MemoryRatios()
    {
        var small = runs.FirstOrDefault(r => r.People == ScaleBenchmark.MemoryBase);
        var large = runs[^1];
        if (small is null || large.People <= small.People)
        {
            return null;
        }

        var ratios = new List<(string, string, PhaseResult, PhaseResult)>();
        foreach (var source in Sources.All)
        {
            foreach (var phase in s_rssPhases)
            {
                ratios.Add((source, phase, Get(small, source, phase), Get(large, source, phase)));
            }
        }

        ratios.Add((Sources.Dukcapil, ScaleChild.Delta, Get(small, Sources.Dukcapil, ScaleChild.Delta), Get(large, Sources.Dukcapil, ScaleChild.Delta)));
        return ratios;
    }

    private void WriteMemory(StringBuilder md)
    {
        md.AppendLine("## Memory bound");
        md.AppendLine();
        if (MemoryRatios() is not { } ratios)
        {
            md.AppendLine(Inv($"Not measured in this run: it needs N = {ScaleBenchmark.MemoryBase:N0} and a larger N in the same run (e.g. `--people 100000,1000000`). Peak RSS per child is in the tables above."));
            md.AppendLine();
            return;
        }

        var largest = runs[^1].People;
        md.AppendLine(Inv($"Peak RSS (VmHWM of each child process, runtime included) at N = {largest:N0} ÷ at N = {ScaleBenchmark.MemoryBase:N0}, per source and phase; target ≤ {MemoryTarget}x."));
        md.AppendLine();
        md.AppendLine("The live heap is what the ingest's process still reached after a full compacting collection at its end (the hub's");
        md.AppendLine("own state between batches); the difference between it and the peak is what the batches needed on the way, and");
        md.AppendLine("the runtime, code and libraries (about 110 MiB of an ingest child). Only the ingest children measure it.");
        md.AppendLine();
        md.AppendLine(Inv($"| source | phase | {ScaleBenchmark.MemoryBase:N0}: MiB | {largest:N0}: MiB | ratio | ≤ {MemoryTarget}x | live heap at the end, {ScaleBenchmark.MemoryBase:N0} → {largest:N0}: MiB |"));
        md.AppendLine("| --- | --- | ---: | ---: | ---: | --- | ---: |");
        foreach (var (source, phase, a, b) in ratios)
        {
            var ratio = Ratio(a, b);
            var live = a.LiveHeapBytes > 0 && b.LiveHeapBytes > 0 ? Inv($"{a.LiveHeapBytes / MiB:0.0} → {b.LiveHeapBytes / MiB:0.0}") : "";
            md.AppendLine(Inv($"| {Sources.Describe(source)} | {phase} | {a.PeakWorkingSetBytes / MiB:0} | {b.PeakWorkingSetBytes / MiB:0} | {ratio:0.00}x | {(ratio <= MemoryTarget ? "pass" : "**FAIL**")} | {live} |"));
        }

        md.AppendLine();
    }

    private static double Ratio(PhaseResult small, PhaseResult large) => (double)large.PeakWorkingSetBytes / small.PeakWorkingSetBytes;

    private static void Row(StringBuilder md, string source, string phase, string how, long records, double seconds, double? cpu, long? rss, bool bold = false)
    {
        var rate = seconds > 0 ? (records / seconds).ToString("N0", CultureInfo.InvariantCulture) : "—";
        var value = Inv($"{seconds:0.000}");
        md.AppendLine(Inv($"| {source} | {phase} | {how} | {records:N0} | {(bold ? "**" + value + "**" : value)} | {rate} | {1e6 * seconds / Math.Max(1, records):0.0} | {(cpu is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {(rss is { } r ? (r / MiB).ToString("0", CultureInfo.InvariantCulture) : "")} |"));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
