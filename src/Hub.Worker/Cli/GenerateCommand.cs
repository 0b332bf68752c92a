using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Core.Synthetic;
using IntegrationHub.Worker.Generation;

namespace IntegrationHub.Worker.Cli;

internal static class GenerateCommand
{
    public static Command Create(CommandContext context)
    {
        var count = new Option<int>("--count", "-n") { Description = "Residents to generate.", DefaultValueFactory = _ => 600 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same file.", DefaultValueFactory = _ => 20251 };
        var defects = new Option<double>("--defect-rate") { Description = "Share of rows broken on purpose (0–1).", DefaultValueFactory = _ => 0.02 };
        var today = new Option<string?>("--today") { Description = "The generation date (yyyy-MM-dd); default: today. Fix it for reproducible files." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The file to write.", Required = true };
        var dukcapil = new Command("dukcapil", "Write a synthetic Dukcapil biodata export (;-delimited SIAK columns).")
        {
            count, seed, defects, today, output,
        };
        dukcapil.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var rate = parse.GetValue(defects);
            if (rate is < 0 or > 1)
            {
                await context.Error.WriteLineAsync("--defect-rate must be between 0 and 1.");
                return HubCommandLine.BadInput;
            }

            return await WriteAsync(context, parse, count, seed, today, output, (path, people, s, _) =>
            {
                using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
                var result = new DukcapilSampleWriter(s, rate).Write(writer, people, ct);
                return
                [
                    string.Create(CultureInfo.InvariantCulture, $"wrote {result.Rows} rows to {parse.GetRequiredValue(output).Name}, {result.Defects.Count} broken on purpose"),
                    .. result.Defects.GroupBy(d => d.ExpectedReason).OrderBy(g => g.Key, StringComparer.Ordinal)
                        .Select(g => string.Create(CultureInfo.InvariantCulture, $"  {g.Key,-22} lines {string.Join(", ", g.Select(d => d.Line))}")),
                ];
            });
        });
        var bpjs = new Command("bpjs", "Write synthetic BPJS Kesehatan participants as a JSON array (VClaim-style), about 90% of residents.")
        {
            count, seed, today, output,
        };
        bpjs.SetAction((ParseResult parse, CancellationToken ct) => WriteAsync(context, parse, count, seed, today, output, Counted(parse, output, AgencySampleWriters.WriteBpjs, "participants")));
        var djp = new Command("djp", "Write synthetic DJP taxpayers into table WAJIB_PAJAK of an SQLite file.")
        {
            count, seed, today, output,
        };
        djp.SetAction((ParseResult parse, CancellationToken ct) => WriteAsync(context, parse, count, seed, today, output, Counted(parse, output, AgencySampleWriters.WriteDjp, "taxpayers")));
        return new Command("generate", "Generate synthetic agency data with known truth. The same seed and --today give the same residents in every agency's data.")
        {
            dukcapil, bpjs, djp, CreatePopulation(context),
        };
    }

    private static Command CreatePopulation(CommandContext context)
    {
        var people = new Option<int>("--people", "-n") { Description = "People to generate.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed, --today and rates give byte-identical files.", DefaultValueFactory = _ => 20251 };
        var today = new Option<string?>("--today") { Description = "The generation date (yyyy-MM-dd); default: today. Fix it for reproducible files." };
        var defects = new Option<double>("--defect-rate") { Description = "Share of Dukcapil rows broken on purpose (0–1); ingest quarantines exactly those.", DefaultValueFactory = _ => 0.001 };
        var rates = new Option<string[]>("--rate")
        {
            Description = "Override a noise or enrolment rate, KEY=VALUE (repeatable), e.g. bpjs.nik-missing=0.1. Keys: " + string.Join(", ", PopulationNoiseOptions.Keys) + ".",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The directory to write into (created when missing).", Required = true };
        var command = new Command(
            "population",
            "Write one synthetic population as the Dukcapil, BPJS and DJP exports, with noise, a ground-truth file (truth.csv), a manifest and a hub configuration.")
        {
            people, seed, today, defects, rates, output,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var n = parse.GetValue(people);
            var rate = parse.GetValue(defects);
            var problems = new List<string>();
            if (n < 0)
            {
                problems.Add("--people must be at least 0.");
            }

            if (rate is < 0 or > 1)
            {
                problems.Add("--defect-rate must be between 0 and 1.");
            }

            var day = DateOnly.FromDateTime(DateTime.UtcNow);
            if (parse.GetValue(today) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                problems.Add("--today must be a date in the form yyyy-MM-dd.");
            }

            var options = new PopulationNoiseOptions();
            foreach (var setting in parse.GetValue(rates) ?? [])
            {
                var parts = setting.Split('=', 2);
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !options.TrySet(parts[0].Trim(), value))
                {
                    problems.Add($"--rate {setting}: expected KEY=VALUE with a known key and a number; keys: {string.Join(", ", PopulationNoiseOptions.Keys)}.");
                }
            }

            problems.AddRange(options.Validate().Select(p => "--rate " + p));
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await context.Error.WriteLineAsync(problem);
                }

                return HubCommandLine.BadInput;
            }

            var directory = parse.GetRequiredValue(output).FullName;
            var clock = Stopwatch.StartNew();
            var result = await Task.Run(() => PopulationExport.Write(directory, n, parse.GetValue(seed), day, options, rate, ct), ct);
            var tally = result.Tally;
            var noisy = RecordNoiseNames.All.Sum(k => Enum.GetValues<SyntheticAgency>().Sum(a => tally.Applied(a, k)));
            string[] lines =
            [
                string.Create(CultureInfo.InvariantCulture, $"wrote {n} people to {directory} in {clock.Elapsed.TotalSeconds:0.0} s"),
                string.Create(CultureInfo.InvariantCulture, $"  {PopulationExport.DukcapilFile,-22} {tally.Records(SyntheticAgency.Dukcapil),9} records ({result.Defects.Count} broken on purpose; ingest quarantines {result.ExpectedDukcapilQuarantine})"),
                string.Create(CultureInfo.InvariantCulture, $"  {PopulationExport.BpjsFile,-22} {tally.Records(SyntheticAgency.Bpjs),9} records"),
                string.Create(CultureInfo.InvariantCulture, $"  {PopulationExport.DjpFile,-22} {tally.Records(SyntheticAgency.Djp),9} records"),
                string.Create(CultureInfo.InvariantCulture, $"  {PopulationExport.TruthFile}, {PopulationExport.NoiseFile} ({noisy} noise labels), {PopulationExport.ManifestFile}, {PopulationExport.ConfigFile}"),
            ];
            foreach (var line in lines)
            {
                await context.Out.WriteLineAsync(line);
            }

            return HubCommandLine.Ok;
        });
        return command;
    }

    private static Func<string, IEnumerable<SyntheticPerson>, int, DateOnly, IReadOnlyList<string>> Counted(
        ParseResult parse, Option<FileInfo> output, Func<string, IEnumerable<SyntheticPerson>, int, DateOnly, int> write, string noun) =>
        (path, people, seed, day) =>
        {
            var written = write(path, people, seed, day);
            return [string.Create(CultureInfo.InvariantCulture, $"wrote {written} {noun} to {parse.GetRequiredValue(output).Name}")];
        };

    // Checks the common options, then writes beside the target and moves the file into place, so a failed or
    // cancelled run never leaves half a file under the target's name.
    private static async Task<int> WriteAsync(
        CommandContext context,
        ParseResult parse,
        Option<int> count,
        Option<int> seed,
        Option<string?> today,
        Option<FileInfo> output,
        Func<string, IEnumerable<SyntheticPerson>, int, DateOnly, IReadOnlyList<string>> write)
    {
        var n = parse.GetValue(count);
        if (n < 0)
        {
            await context.Error.WriteLineAsync("--count must be at least 0.");
            return HubCommandLine.BadInput;
        }

        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        if (parse.GetValue(today) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            await context.Error.WriteLineAsync("--today must be a date in the form yyyy-MM-dd.");
            return HubCommandLine.BadInput;
        }

        var file = parse.GetRequiredValue(output);
        file.Directory?.Create();
        var temporary = file.FullName + ".partial";
        IReadOnlyList<string> report;
        try
        {
            report = write(temporary, new PopulationGenerator(parse.GetValue(seed), day).Generate(n), parse.GetValue(seed), day);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Move(temporary, file.FullName, overwrite: true);
        foreach (var line in report)
        {
            await context.Out.WriteLineAsync(line);
        }

        return HubCommandLine.Ok;
    }
}
