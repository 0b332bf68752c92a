using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Mapping;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Matching.Training;

namespace IntegrationHub.Worker.Cli;

/// <summary><c>hub train</c>: estimates a match model's m, u, prior and term frequencies from unlabelled records.</summary>
internal static class TrainCommand
{
    public static Command Create(CommandContext context)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "The model configuration (JSON): fields, comparisons, blocking, thresholds.", Required = true }.AcceptExistingOnly();
        var csv = new Option<FileInfo[]>("--csv") { Description = "Training records: a CSV whose header names the configuration's fields (repeat for several files)." }.AcceptExistingOnly();
        var agency = new Option<string[]>("--agency") { Description = "Training records from an agency export, mapped to canonical fields by the shipped mapping: NAME=FILE, e.g. dukcapil=biodata.csv, bpjs=peserta.json, djp=wajib-pajak.db (repeat)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write the trained model; default: standard output." };
        var seed = new Option<int>("--seed") { Description = "Random seed for the pairs that estimate u; the same seed and records give the same model.", DefaultValueFactory = _ => 20251 };
        var randomPairs = new Option<long>("--random-pairs") { Description = "Random record pairs for u.", DefaultValueFactory = _ => new TrainingOptions().RandomPairs };
        var delimiter = new Option<char>("--delimiter") { Description = "The CSV delimiter.", DefaultValueFactory = _ => ',' };
        var version = new Option<string?>("--model-version") { Description = "The trained model's version; default: the configuration's plus a hash of the parameters." };
        var command = new Command("train", "Train a match model without labels: u from random pairs, m and the prior by EM over blocked pairs, term frequencies for common names.")
        {
            config, csv, agency, output, seed, randomPairs, delimiter, version,
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
            foreach (var spec in parse.GetValue(agency) ?? [])
            {
                var (loaded, problem) = AgencyRecords.Load(spec, ct);
                if (problem is not null)
                {
                    await context.Error.WriteLineAsync(problem);
                    return HubCommandLine.BadInput;
                }

                records.AddRange(loaded);
            }

            foreach (var file in parse.GetValue(csv) ?? [])
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
                // Also the answer when neither --csv nor --agency was given.
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

/// <summary>
/// Canonical records from an agency's export, through the agency's shipped mapping (<c>mappings/NAME.json</c>), as
/// ingest would produce them: a <c>;</c> CSV (Dukcapil), a JSON array of objects with nested objects flattened to
/// dotted names (BPJS), or an SQLite file's first table (DJP). Rows the mapping refuses are skipped.
/// </summary>
internal static class AgencyRecords
{
    public static (IReadOnlyList<IReadOnlyDictionary<string, string?>> Records, string? Problem) Load(string spec, CancellationToken cancellationToken)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
        {
            return ([], $"--agency takes NAME=FILE, not '{spec}'.");
        }

        var (name, path) = (spec[..equals], spec[(equals + 1)..]);
        var mappingPath = Path.Combine(AppContext.BaseDirectory, "mappings", name + ".json");
        if (!File.Exists(mappingPath))
        {
            return ([], $"--agency {name}: there is no shipped mapping mappings/{name}.json.");
        }

        if (!File.Exists(path))
        {
            return ([], $"--agency {name}: {path} does not exist.");
        }

        var mapping = CompiledMapping.Load(mappingPath, TimeProvider.System);
        var records = new List<IReadOnlyDictionary<string, string?>>();
        long offset = 0;
        foreach (var fields in Rows(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mapped = mapping.Map(new SourceRow(fields, Path.GetFileName(path), offset++, null));
            if (mapped.Record is { } record)
            {
                records.Add(record.Values.ToDictionary(kv => kv.Key, kv => (string?)kv.Value.Value, StringComparer.Ordinal));
            }
        }

        return (records, null);
    }

    private static IEnumerable<IReadOnlyDictionary<string, string?>> Rows(string path)
    {
        var extension = Path.GetExtension(path).ToUpperInvariant();
        if (extension == ".JSON")
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                Flatten(element, null, fields);
                yield return fields;
            }

            yield break;
        }

        if (extension is ".DB" or ".SQLITE")
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid LIMIT 1";
            var table = (string?)tables.ExecuteScalar() ?? throw new InvalidDataException($"{path} holds no table.");
            using var select = connection.CreateCommand();

            // The identifier comes from the file's own catalogue and is quoted; nothing from the user is spliced in.
#pragma warning disable CA2100
            select.CommandText = "SELECT * FROM \"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
#pragma warning restore CA2100
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    fields[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                yield return fields;
            }

            yield break;
        }

        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ';', TrimWhitespace = true });
        var headers = csv.Headers.Select(h => h.Trim()).ToArray();
        while (csv.Read())
        {
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < headers.Length && i < csv.FieldCount; i++)
            {
                fields[headers[i]] = csv.GetString(i);
            }

            yield return fields;
        }
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix is null ? property.Name : prefix + "." + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, key, fields);
                    break;
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    fields[key] = null;
                    break;
                case JsonValueKind.String:
                    fields[key] = property.Value.GetString();
                    break;
                default:
                    fields[key] = property.Value.GetRawText();
                    break;
            }
        }
    }
}
