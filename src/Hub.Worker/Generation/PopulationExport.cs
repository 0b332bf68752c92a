using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;
using IntegrationHub.Core.Synthetic;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Generation;

/// <summary>What <see cref="PopulationExport.Write"/> wrote.</summary>
/// <param name="Tally">Records per agency and noise per agency and kind.</param>
/// <param name="Defects">Dukcapil rows broken on purpose, with the quarantine reason ingest must give each.</param>
/// <param name="ExpectedDukcapilQuarantine">Dukcapil rows ingest must quarantine: the broken rows, and rows whose birth date was made to disagree with the NIK.</param>
public sealed record PopulationExportResult(NoiseTally Tally, IReadOnlyList<PlantedDefect> Defects, long ExpectedDukcapilQuarantine);

/// <summary>
/// Writes one synthetic population as the three agency exports the hub reads, with the truth beside them:
/// <c>dukcapil/biodata.csv</c> (SIAK columns, <c>;</c>), <c>bpjs/peserta.json</c> (VClaim-style array),
/// <c>djp/wajib-pajak.db</c> (SQLite table <c>WAJIB_PAJAK</c>), <c>truth.csv</c>, <c>noise.csv</c>,
/// <c>manifest.json</c> and <c>hub.json</c>. Everything is streamed, so memory does not grow with the population.
/// Files are written under a temporary name and renamed when complete.
/// </summary>
public static class PopulationExport
{
    /// <summary>The Dukcapil export, relative to the output directory.</summary>
    public const string DukcapilFile = "dukcapil/biodata.csv";

    /// <summary>The BPJS export, relative to the output directory.</summary>
    public const string BpjsFile = "bpjs/peserta.json";

    /// <summary>The DJP database, relative to the output directory.</summary>
    public const string DjpFile = "djp/wajib-pajak.db";

    /// <summary>The ground truth: <c>agency,source_key,person_id</c>, one row per record written.</summary>
    public const string TruthFile = "truth.csv";

    /// <summary>The noisy records: <c>agency,source_key,person_id,noise</c> (kinds joined by <c>|</c>).</summary>
    public const string NoiseFile = "noise.csv";

    /// <summary>Seed, counts and rates.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>A hub configuration reading the Dukcapil and DJP exports.</summary>
    public const string ConfigFile = "hub.json";

    private const string Partial = ".partial";

    /// <summary>Generates <paramref name="people"/> people and writes every file into <paramref name="directory"/>.</summary>
    public static PopulationExportResult Write(
        string directory, int people, int seed, DateOnly today, PopulationNoiseOptions options, double defectRate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        directory = Path.GetFullPath(directory);
        var generator = new AgencyPopulationGenerator(seed, today, options);
        var files = new[] { DukcapilFile, BpjsFile, DjpFile, TruthFile, NoiseFile, ManifestFile, ConfigFile }.Select(f => Path.Combine(directory, f)).ToArray();
        foreach (var file in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Delete(file + Partial);
        }

        try
        {
            var result = WriteData(directory, generator, people, seed, defectRate, cancellationToken);
            WriteManifest(Path.Combine(directory, ManifestFile + Partial), generator.Tally, result, people, seed, today, options, defectRate);
            WriteConfig(Path.Combine(directory, ConfigFile + Partial), directory);
            SqliteConnection.ClearAllPools();
            foreach (var file in files)
            {
                File.Move(file + Partial, file, overwrite: true);
            }

            return result;
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in files)
            {
                File.Delete(file + Partial);
            }

            throw;
        }
    }

    private static PopulationExportResult WriteData(string directory, AgencyPopulationGenerator generator, int people, int seed, double defectRate, CancellationToken cancellationToken)
    {
        var utf8 = new UTF8Encoding(false);
        using var dukcapilText = new StreamWriter(Path.Combine(directory, DukcapilFile + Partial), append: false, utf8, 1 << 16);
        using var truth = new StreamWriter(Path.Combine(directory, TruthFile + Partial), append: false, utf8, 1 << 16);
        using var noise = new StreamWriter(Path.Combine(directory, NoiseFile + Partial), append: false, utf8, 1 << 16);
        using var bpjsStream = new FileStream(Path.Combine(directory, BpjsFile + Partial), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var bpjs = new Utf8JsonWriter(bpjsStream);
        using var djp = new DjpTableWriter(Path.Combine(directory, DjpFile + Partial));
        using var dukcapil = new DukcapilSampleWriter(seed, defectRate).Open(dukcapilText);
        truth.Write("agency,source_key,person_id\n");
        noise.Write("agency,source_key,person_id,noise\n");
        bpjs.WriteStartArray();
        long expectedQuarantine = 0;
        foreach (var person in generator.Generate(people))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var record in person.Dukcapil)
            {
                // A birth date made to disagree with the NIK is refused by ingest already; no defect on top.
                var contradicts = (record.Noise & (RecordNoise.BirthDayMonthSwap | RecordNoise.BirthDateDigitTypo)) != 0;
                var (key, defect) = dukcapil.Write(record.Person, mayBreak: !contradicts);
                expectedQuarantine += contradicts || defect is not null ? 1 : 0;
                Label(truth, noise, "dukcapil", key, person.PersonId, record.Noise);
            }

            foreach (var record in person.Bpjs)
            {
                WriteBpjs(bpjs, record);
                if (bpjs.BytesPending > 1 << 16)
                {
                    bpjs.Flush();
                }

                Label(truth, noise, "bpjs", record.CardNumber, person.PersonId, record.Noise);
            }

            foreach (var record in person.Djp)
            {
                djp.Insert(record);
                Label(truth, noise, "djp", record.Npwp, person.PersonId, record.Noise);
            }
        }

        bpjs.WriteEndArray();
        bpjs.Flush();
        dukcapil.Flush();
        djp.Commit();
        return new PopulationExportResult(generator.Tally, [.. dukcapil.Defects], expectedQuarantine);
    }

    private static void Label(StreamWriter truth, StreamWriter noise, string agency, string key, string personId, RecordNoise kinds)
    {
        // Keys are digits (a broken Dukcapil NIK at worst has a letter): nothing to quote.
        truth.Write(agency);
        truth.Write(',');
        truth.Write(key);
        truth.Write(',');
        truth.Write(personId);
        truth.Write('\n');
        if (kinds != RecordNoise.None)
        {
            noise.Write(agency);
            noise.Write(',');
            noise.Write(key);
            noise.Write(',');
            noise.Write(personId);
            noise.Write(',');
            noise.Write(RecordNoiseNames.Join(kinds));
            noise.Write('\n');
        }
    }

    // The fields and order of AgencySampleWriters.WriteBpjs, streamed.
    private static void WriteBpjs(Utf8JsonWriter json, BpjsRecord r)
    {
        json.WriteStartObject();
        json.WriteString("noKartu", r.CardNumber);
        if (r.Nik is null)
        {
            json.WriteNull("nik");
        }
        else
        {
            json.WriteString("nik", r.Nik);
        }

        json.WriteString("nama", r.Name);
        json.WriteString("sex", r.Sex == Sex.Male ? "L" : "P");
        json.WriteString("tglLahir", r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("pisa", "1");
        json.WriteStartObject("jenisPeserta");
        json.WriteString("kode", r.SegmentCode);
        json.WriteString("keterangan", r.SegmentText);
        json.WriteEndObject();
        json.WriteStartObject("statusPeserta");
        json.WriteString("kode", r.ReportedDeceased ? "2" : "0");
        json.WriteString("keterangan", r.ReportedDeceased ? "MENINGGAL" : "AKTIF");
        json.WriteEndObject();
        json.WriteStartObject("hakKelas");
        json.WriteString("kode", "3");
        json.WriteString("keterangan", "KELAS III");
        json.WriteEndObject();
        json.WriteStartObject("provUmum");
        json.WriteString("kdProvider", string.Concat(r.VillageCode.AsSpan(0, 4), "R001"));
        json.WriteString("nmProvider", "PUSKESMAS " + (RegionCatalog.Default.Find(r.VillageCode[..6])?.Name.ToUpperInvariant() ?? ""));
        json.WriteEndObject();
        if (r.Phone is null)
        {
            json.WriteNull("noTelepon");
        }
        else
        {
            json.WriteString("noTelepon", r.Phone);
        }

        json.WriteString("alamat", r.Street);
        json.WriteString("lastUpdate", r.LastUpdate.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteManifest(
        string path, NoiseTally tally, PopulationExportResult result, int people, int seed, DateOnly today, PopulationNoiseOptions options, double defectRate)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("command", string.Create(CultureInfo.InvariantCulture, $"hub generate population --people {people} --seed {seed} --today {today:yyyy-MM-dd}"));
        json.WriteNumber("seed", seed);
        json.WriteNumber("people", people);
        json.WriteString("today", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteStartObject("files");
        json.WriteString("dukcapil", DukcapilFile);
        json.WriteString("bpjs", BpjsFile);
        json.WriteString("djp", DjpFile);
        json.WriteString("truth", TruthFile);
        json.WriteString("noise", NoiseFile);
        json.WriteString("config", ConfigFile);
        json.WriteEndObject();
        json.WriteStartObject("records");
        foreach (var agency in Enum.GetValues<SyntheticAgency>())
        {
            json.WriteNumber(SyntheticAgencies.Name(agency), tally.Records(agency));
        }

        json.WriteEndObject();
        json.WriteStartObject("persons");
        json.WriteNumber("inBpjs", tally.InBpjs);
        json.WriteNumber("inDjp", tally.InDjp);
        json.WriteNumber("deceased", tally.Deceased);
        json.WriteNumber("heldByTwoOrMoreAgencies", tally.MoveEligible);
        json.WriteNumber("moved", tally.Moved);
        json.WriteEndObject();
        json.WriteStartObject("expectedQuarantine");
        json.WriteNumber("dukcapil", result.ExpectedDukcapilQuarantine);
        json.WriteNumber("bpjs", 0);
        json.WriteNumber("djp", 0);
        json.WriteEndObject();
        json.WriteNumber("dukcapilDefectRate", defectRate);
        json.WriteStartObject("dukcapilDefects");
        foreach (var group in result.Defects.GroupBy(d => d.ExpectedReason).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(group.Key, group.Count());
        }

        json.WriteEndObject();
        json.WriteStartObject("noise");
        foreach (var agency in Enum.GetValues<SyntheticAgency>())
        {
            json.WriteStartObject(SyntheticAgencies.Name(agency));
            foreach (var kind in RecordNoiseNames.All)
            {
                var applied = tally.Applied(agency, kind);
                var eligible = tally.Eligible(agency, kind);
                if (applied == 0 && eligible == 0)
                {
                    continue;
                }

                json.WriteStartObject(RecordNoiseNames.Of(kind));
                json.WriteNumber("records", applied);
                json.WriteNumber("eligible", eligible);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("rates");
        foreach (var (key, value) in options.Values())
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    // Dukcapil as a drop directory and DJP as an SQLite table, both by absolute path so that HUB_CONFIG works from
    // anywhere. BPJS is read over HTTP only (see the README), so it has no entry here.
    private static void WriteConfig(string path, string directory)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("Hub");
        json.WriteStartObject("Sources");
        json.WriteStartObject("dukcapil");
        json.WriteString("Kind", "csv-file");
        json.WriteString("Mapping", "mappings/dukcapil.json");
        json.WriteNumber("BatchSize", 500);
        json.WriteStartObject("Csv");
        json.WriteString("Directory", Path.Combine(directory, "dukcapil"));
        json.WriteString("Pattern", "*.csv");
        json.WriteString("Delimiter", ";");
        json.WriteString("Encoding", "utf-8");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("djp");
        json.WriteString("Kind", "sql-table");
        json.WriteString("Mapping", "mappings/djp.json");
        json.WriteNumber("BatchSize", 500);
        json.WriteStartObject("Sql");
        json.WriteString("ProviderName", "Microsoft.Data.Sqlite");
        json.WriteString("ConnectionString", new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, DjpFile), Mode = SqliteOpenMode.ReadOnly }.ToString());
        json.WriteString("Table", "WAJIB_PAJAK");
        json.WriteString("KeyColumn", "NPWP");
        json.WriteString("IncrementalColumn", "LAST_UPDATED");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
