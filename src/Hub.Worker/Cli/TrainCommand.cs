using System.CommandLine;
using System.Globalization;
using CsvHelper;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Matching.Training;

namespace IntegrationHub.Worker.Cli;

/// <summary><c>hub train</c>: estimates a match model's m, u, prior and term frequencies from unlabelled records.</summary>
internal static class TrainCommand
{
    public static Command Create(CommandContext context)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "The model configuration (JSON): fields, comparisons, blocking, thresholds.", Required = true }.AcceptExistingOnly();
        var csv = new Option<FileInfo[]>("--csv") { Description = "Training records: a CSV whose header names the configuration's fields (repeat for several files).", Required = true, AllowMultipleArgumentsPerToken = true }.AcceptExistingOnly();
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write the trained model; default: standard output." };
        var seed = new Option<int>("--seed") { Description = "Random seed for the pairs that estimate u; the same seed and records give the same model.", DefaultValueFactory = _ => 20251 };
        var randomPairs = new Option<long>("--random-pairs") { Description = "Random record pairs for u.", DefaultValueFactory = _ => new TrainingOptions().RandomPairs };
        var delimiter = new Option<char>("--delimiter") { Description = "The CSV delimiter.", DefaultValueFactory = _ => ',' };
        var version = new Option<string?>("--model-version") { Description = "The trained model's version; default: the configuration's plus a hash of the parameters." };
        var command = new Command("train", "Train a match model without labels: u from random pairs, m and the prior by EM over blocked pairs, term frequencies for common names.")
        {
            config, csv, output, seed, randomPairs, delimiter, version,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            MatchModel model;
            try
            {
                model = MatchModel.Load(parse.GetRequiredValue(config).FullName);
            }
            catch (MatchModelException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return HubCommandLine.BadInput;
            }

            if (parse.GetValue(randomPairs) < 1)
            {
                await context.Error.WriteLineAsync("--random-pairs must be at least 1.");
                return HubCommandLine.BadInput;
            }

            var records = new List<IReadOnlyDictionary<string, string?>>();
            foreach (var file in parse.GetRequiredValue(csv))
            {
                var loaded = MatchDataset.Load(file.FullName, parse.GetValue(delimiter), model, truthColumn: null, truthPattern: null, ct);
                if (loaded.Problem is { } problem)
                {
                    await context.Error.WriteLineAsync(problem);
                    return HubCommandLine.BadInput;
                }

                records.AddRange(loaded.Records);
            }

            if (records.Count < 2)
            {
                await context.Error.WriteLineAsync("Training needs at least two records.");
                return HubCommandLine.BadInput;
            }

            var options = new TrainingOptions { RandomPairs = parse.GetValue(randomPairs), Version = parse.GetValue(version) };
            var seedValue = parse.GetValue(seed);
            var trained = await Task.Run(() => MatchTrainer.Train(model, records, seedValue, options), ct);
            var json = trained.ToJson();
            var summary = Summary(trained);
            if (parse.GetValue(output) is { } target)
            {
                target.Directory?.Create();
                var partial = target.FullName + ".partial";
                await File.WriteAllTextAsync(partial, json, ct);
                File.Move(partial, target.FullName, overwrite: true);
                await context.Out.WriteLineAsync($"wrote {target.Name}: model {trained.Id} {trained.Version}");
                foreach (var line in summary)
                {
                    await context.Out.WriteLineAsync(line);
                }
            }
            else
            {
                await context.Out.WriteAsync(json);
                foreach (var line in summary)
                {
                    await context.Error.WriteLineAsync(line);
                }
            }

            return HubCommandLine.Ok;
        });
        return command;
    }

    private static IEnumerable<string> Summary(MatchModel model)
    {
        var info = model.Document.Training!;
        yield return string.Create(CultureInfo.InvariantCulture, $"trained on {info.Records} records, seed {info.Seed}: {info.RandomPairs} random pairs for u, {info.BlockedPairs} blocked pairs for EM, prior {model.Document.Prior:G4}");
        foreach (var rule in info.Rules)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"  rule {rule.Rule,-18} {rule.Pairs,10} pairs  match share {rule.MatchShare:0.0000}  EM {rule.Iterations} iterations{(rule.Converged || rule.Iterations == 0 ? string.Empty : " (not converged)")}  held out: {string.Join(", ", rule.HeldOut)}");
        }
    }
}

/// <summary>Records read from a CSV for training or evaluation: the model's fields by header name, values trimmed.</summary>
internal sealed class MatchDataset
{
    private MatchDataset(IReadOnlyList<IReadOnlyDictionary<string, string?>> records, IReadOnlyList<string> entities, string? problem)
    {
        Records = records;
        Entities = entities;
        Problem = problem;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Records { get; }

    /// <summary>The truth column's entity per record (empty without a truth column).</summary>
    public IReadOnlyList<string> Entities { get; }

    /// <summary>Why the file cannot be used; null when it can.</summary>
    public string? Problem { get; }

    /// <summary>
    /// Reads the file. Headers and values are trimmed (FEBRL writes a space after every comma); a model field with no
    /// column is a problem, columns the model does not name are ignored. With a truth pattern, the entity is its
    /// first group (or the whole match); a record whose truth value does not match is a problem.
    /// </summary>
    public static MatchDataset Load(string path, char delimiter, MatchModel model, string? truthColumn, System.Text.RegularExpressions.Regex? truthPattern, CancellationToken cancellationToken)
    {
        var options = new CsvReaderOptions { Separator = delimiter, TrimWhitespace = true };
        using var reader = CsvReader.FromFile(path, options);
        var headers = reader.Headers.Select(h => h.Trim()).ToArray();
        var fields = model.Document.Fields.Select(f => f.Name).ToArray();
        var indexes = new int[fields.Length];
        var missing = new List<string>();
        for (var f = 0; f < fields.Length; f++)
        {
            indexes[f] = Array.IndexOf(headers, fields[f]);
            if (indexes[f] < 0)
            {
                missing.Add(fields[f]);
            }
        }

        var name = Path.GetFileName(path);
        if (missing.Count > 0)
        {
            return Fail($"{name}: no column for the model's field(s) {string.Join(", ", missing)}; the header has {string.Join(", ", headers)}.");
        }

        var truthIndex = truthColumn is null ? -1 : Array.IndexOf(headers, truthColumn);
        if (truthColumn is not null && truthIndex < 0)
        {
            return Fail($"{name}: no truth column '{truthColumn}'.");
        }

        var records = new List<IReadOnlyDictionary<string, string?>>();
        var entities = new List<string>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = new Dictionary<string, string?>(fields.Length, StringComparer.Ordinal);
            for (var f = 0; f < fields.Length; f++)
            {
                var value = indexes[f] < reader.FieldCount ? reader.GetString(indexes[f]).Trim() : string.Empty;
                record[fields[f]] = value.Length == 0 ? null : value;
            }

            records.Add(record);
            if (truthIndex >= 0)
            {
                var truth = truthIndex < reader.FieldCount ? reader.GetString(truthIndex).Trim() : string.Empty;
                if (truthPattern is not null)
                {
                    var match = truthPattern.Match(truth);
                    if (!match.Success)
                    {
                        return Fail(string.Create(CultureInfo.InvariantCulture, $"{name}: record {records.Count}: the truth value does not match --truth-pattern."));
                    }

                    truth = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                }

                entities.Add(truth);
            }
        }

        return new MatchDataset(records, entities, null);
    }

    private static MatchDataset Fail(string problem) => new([], [], problem);
}
