using System.Globalization;
using Dapper;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Storage.Tests;

/// <summary>
/// The set-based batch path decides as if the batch were applied one record at a time. The same records, with
/// in-batch interplay (a BPJS record after the Dukcapil record of the same person, new versions of a record,
/// re-sent records, NIK ganda, typos, and a blocking key shared by more persons than the candidate cap), are
/// ingested one record per batch, in one batch, and in small batches; the three indexes must be the same.
/// Each subclass runs it on one engine.
/// </summary>
public abstract class BatchEquivalenceTests
{
    private const int People = 300;
    private static readonly string[] s_first = ["MUHAMMAD", "SITI", "AHMAD", "DEWI", "NUR", "AGUS", "SRI", "RINI"];
    private static readonly string[] s_middle = ["AULIA", "PUTRI", "BUDI", "INDAH", "RIZKY", "FITRI", "ADI", "AYU", "EKA", "DWI", "TRI", "WAHYU"];
    private static readonly string[] s_last = ["SANTOSO", "WIJAYA", "LESTARI", "HIDAYAT", "PRATAMA", "SAPUTRA", "RAHAYU", "KURNIAWAN", "SETIAWAN", "NUGROHO", "HASANAH", "SARI",
        "SUSANTO", "GUNAWAN", "HALIM", "SIREGAR", "NASUTION", "LUBIS", "TANJUNG", "HARAHAP", "SIMANJUNTAK", "PANJAITAN", "SITORUS", "GINTING", "TARIGAN"];

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync();

    [Fact]
    public async Task OneBatch_SmallBatches_AndOneRecordPerBatch_BuildTheSameIndex()
    {
        var records = Population();

        var (single, _, singleCounts) = await IngestAsync(records, batchSize: 1);
        var (whole, wholeDatabase, wholeCounts) = await IngestAsync(records, batchSize: records.Count);
        var (small, _, smallCounts) = await IngestAsync(records, batchSize: 13);

        // The data exercises what makes batching hard; otherwise the comparison would prove little.
        Assert.Contains(single, r => r.StartsWith("d|bpjs|", StringComparison.Ordinal) && r.Contains("|link|auto|", StringComparison.Ordinal));
        Assert.Contains(single, r => r.StartsWith("v|nik-ganda|", StringComparison.Ordinal));
        Assert.Contains(single, r => r.StartsWith("v|probable-match|", StringComparison.Ordinal) || r.StartsWith("v|possible-duplicate|", StringComparison.Ordinal));
        Assert.Contains(single, r => r.StartsWith("p|", StringComparison.Ordinal) && !r.EndsWith("|1", StringComparison.Ordinal));
        Assert.True(singleCounts.Unchanged > 0);
        Assert.InRange(await LargestBlockAsync(wholeDatabase), 100, 200);

        AssertSameIndex(single, whole);
        AssertSameIndex(single, small);
        Assert.Equal(singleCounts, wholeCounts);
        Assert.Equal(singleCounts, smallCounts);
    }

    [Fact]
    public async Task RecordLaterInTheBatch_WhoseBlockingKeyTheBatchGaveMorePersonsThanTheCap_StillFindsItsPerson()
    {
        // 205 persons share "MUHAMMAD" + birth date, all created by this batch: the in-memory list would exceed the
        // candidate cap, so the record's candidates are read again from the database with the batch's rows in it.
        // Even-numbered people: all men born on 1990-05-12; names MUHAMMAD + a unique middle and family name.
        static string Name(int i) => $"MUHAMMAD {s_middle[i % s_middle.Length]} {s_last[i / s_middle.Length]}";
        var records = Enumerable.Range(0, 205)
            .Select(i => Record(2 * i, "dukcapil", NikOf(2 * i), NikOf(2 * i), Name(i), "JL. MERDEKA 1", card: null))
            .ToList();
        records.Add(Record(0, "bpjs", "0000000000001", nik: null, Name(0), "JL. MERDEKA 1", card: "0000000000001"));

        var (dump, database, counts) = await IngestAsync(records, batchSize: records.Count);

        Assert.True(await LargestBlockAsync(database) > 200);
        Assert.Equal(1, counts.Linked);
        Assert.Contains($"l|bpjs|0000000000001|linked|auto|{NikOf(0)}", dump);
    }

    [Fact]
    public async Task RecordLaterInTheBatch_LinksToThePersonAnEarlierRecordCreated()
    {
        var dukcapil = Record(0, "dukcapil", NikOf(0), NikOf(0), NameOf(0), "JL. MERDEKA 1", card: null);
        var bpjs = Record(0, "bpjs", "0000000000001", nik: null, NameOf(0), "JL. MERDEKA 1", card: "0000000000001");

        var (dump, _, counts) = await IngestAsync([dukcapil, bpjs], batchSize: 2);

        Assert.Equal(new Counts(2, 0, 1, 0, 1), counts);
        Assert.Single(dump, r => r.StartsWith("p|", StringComparison.Ordinal));
        Assert.Contains($"l|bpjs|0000000000001|linked|auto|{NikOf(0)}", dump);
        Assert.Contains($"f|{NikOf(0)}|{CanonicalFields.BpjsCardNumber.Path}|0000000000001|bpjs|0000000000001", dump);
    }

    [Fact]
    public async Task RecordWhoseNikPathAnEarlierRecordOfTheBatchSpoils_IsMatchedOnItsCandidates_AsOneRecordBatchesDo()
    {
        // The batch reads no blocking candidates for a record its NIK is expected to link. Here an earlier record of
        // the same batch rewrites the NIK's holder first, so the NIK path no longer holds: the record's candidates
        // must then be read late, and the outcome must be the one record-by-record ingest gives.
        var before = Record(0, "dukcapil", NikOf(0), NikOf(0), NameOf(0), "JL. MERDEKA 1", card: null);
        var other = Record(2, "dukcapil", NikOf(2), NikOf(2), NameOf(2), "JL. MERDEKA 3", card: null);
        // A correction of the holder's name, birth date and sex (person 1's, under person 0's NIK and key).
        var renamed = Record(1, "dukcapil", NikOf(0), NikOf(0), "TRI WAHYU SIMANJUNTAK", "JL. SUDIRMAN 99", card: null);
        var bpjs = Record(0, "bpjs", "0000000000001", NikOf(0), NameOf(0), street: null, card: "0000000000001");
        List<SourceRecord> records = [before, other, renamed, bpjs];

        var (single, _, singleCounts) = await IngestAsync(records, batchSize: 1);
        var (paired, _, pairedCounts) = await IngestAsync(records, batchSize: 2);

        // Record by record the renamed holder no longer agrees with the BPJS record: its NIK is not taken as a key.
        Assert.DoesNotContain("l|bpjs|0000000000001|linked|nik|" + NikOf(0), single);
        AssertSameIndex(single, paired);
        Assert.Equal(singleCounts, pairedCounts);
    }

    // Names the rows that differ, not just the first position.
    private static void AssertSameIndex(List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).Take(20).ToList();
        var extra = actual.Except(expected).Take(20).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"{expected.Count} rows expected, {actual.Count} found.\nMissing:\n{string.Join('\n', missing)}\nUnexpected:\n{string.Join('\n', extra)}");
    }

    private async Task<(List<string> Dump, HubDatabase Database, Counts Counts)> IngestAsync(List<SourceRecord> records, int batchSize)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var database = HubDatabase.Open(await CreateEmptyDatabaseAsync(), time);
        await database.Migrator.MigrateAsync(CancellationToken.None);
        var counts = new Counts(0, 0, 0, 0, 0);
        var run = await database.MasterIndex.StartRunAsync("mixed", null, CancellationToken.None);
        for (var i = 0; i < records.Count; i += batchSize)
        {
            var batch = records.Skip(i).Take(batchSize).ToList();
            var result = await database.MasterIndex.ApplyBatchAsync(run.RunId, batch, [], SurvivorshipPolicy.Default, CancellationToken.None);
            counts = counts with
            {
                Accepted = counts.Accepted + result.Accepted,
                Unchanged = counts.Unchanged + result.Unchanged,
                Linked = counts.Linked + result.Linked,
                Reviewed = counts.Reviewed + result.Reviewed,
                Created = counts.Created + result.Created,
            };
        }

        await database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Succeeded, null, CancellationToken.None);
        Disposables.Add(database);
        return (await DumpAsync(database), database, counts);
    }

    protected List<HubDatabase> Disposables { get; } = [];

    private sealed record Counts(long Accepted, long Unchanged, long Linked, long Reviewed, long Created);

    // The whole index as text, with persons named by their NIK or, without one, their first source record, so
    // that two indexes built from the same records compare equal whatever ids they drew. A review names its
    // score, not its person: of several persons scoring exactly the same, which ones fill the review slots
    // follows their (random) ids, and is no part of the contract.
    private static async Task<List<string>> DumpAsync(HubDatabase database)
    {
        const string Sql = """
            WITH label AS (
                SELECT p.person_id, COALESCE(p.nik, (SELECT MIN(l.source || ':' || l.source_key) FROM source_link l WHERE l.person_id = p.person_id), '-') AS name
                  FROM person p)
            SELECT 'p|' || n.name || '|' || p.status || '|' || CAST(p.version AS text) FROM person p JOIN label n ON n.person_id = p.person_id
            UNION ALL
            SELECT 'f|' || n.name || '|' || f.field || '|' || f.value || '|' || f.source || '|' || f.source_key
              FROM person_field f JOIN label n ON n.person_id = f.person_id
            UNION ALL
            SELECT 'l|' || l.source || '|' || l.source_key || '|' || l.state || '|' || l.method || '|' || COALESCE(n.name, '-')
              FROM source_link l LEFT JOIN label n ON n.person_id = l.person_id
            UNION ALL
            SELECT 'd|' || d.source || '|' || d.source_key || '|' || d.outcome || '|' || d.method || '|'
                   || CASE WHEN d.outcome IN ('link', 'new') THEN COALESCE(n.name, '-') ELSE '*' END || '|' || COALESCE(CAST(d.weight AS text), '-')
              FROM match_decision d LEFT JOIN label n ON n.person_id = d.person_id
            UNION ALL
            SELECT 'v|' || v.kind || '|' || v.source || '|' || v.source_key || '|' || COALESCE(CAST(v.weight AS text), '-') || '|' || v.status
              FROM review_item v
            UNION ALL
            SELECT 'b|' || b.block_key || '|' || n.name FROM person_block b JOIN label n ON n.person_id = b.person_id
            UNION ALL
            SELECT 'e|' || e.kind || '|' || COALESCE(e.source, '-') || '|' || COALESCE(e.source_key, '-') || '|' || n.name
              FROM person_event e JOIN label n ON n.person_id = e.person_id
            UNION ALL
            SELECT 's|' || r.source || '|' || r.source_key || '|' || r.content_hash || '|' || COALESCE(n.name, '-')
              FROM source_record r LEFT JOIN label n ON n.person_id = r.person_id
            """;
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync<string>(new CommandDefinition(Sql))).ToList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static async Task<long> LargestBlockAsync(HubDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM person_block GROUP BY block_key) counted"));
    }

    // A seeded population rendered as Dukcapil and BPJS records, shuffled: most people share a first name and one of
    // two birth dates, so blocking keys are shared by up to the candidate cap (beyond it, which of several persons
    // with the same rank the cap keeps follows their random ids; the test above covers that path).
    private static List<SourceRecord> Population()
    {
        var random = new Random(20261123);
        var records = new List<SourceRecord>();
        for (var i = 0; i < People; i++)
        {
            var name = NameOf(i);
            records.Add(Record(i, "dukcapil", NikOf(i), NikOf(i), name, "JL. MERDEKA " + i.ToString(CultureInfo.InvariantCulture), card: null));
            var roll = random.NextDouble();
            if (roll < 0.1)
            {
                // A new version of the same record (the person moved), and the first one sent again.
                records.Add(Record(i, "dukcapil", NikOf(i), NikOf(i), name, "JL. PEMUDA " + i.ToString(CultureInfo.InvariantCulture), card: null));
            }
            else if (roll < 0.15)
            {
                records.Add(Record(i, "dukcapil", NikOf(i), NikOf(i), name, "JL. MERDEKA " + i.ToString(CultureInfo.InvariantCulture), card: null));
            }

            if (random.NextDouble() < 0.7)
            {
                var card = (1_000_000_000L + i).ToString("0000000000000", CultureInfo.InvariantCulture);
                var nikRoll = random.NextDouble();
                var nik = nikRoll switch
                {
                    < 0.55 => NikOf(i),
                    < 0.8 => null,
                    < 0.9 => NikOf((i + 7) % People), // someone else's NIK: NIK ganda
                    _ => NikOf(i)[..15] + (char)('0' + ((NikOf(i)[15] - '0' + 5) % 10)), // a mistyped NIK
                };
                var bpjsName = random.NextDouble() < 0.3 ? Typo(name, random) : name;
                records.Add(Record(i, "bpjs", card, nik, bpjsName, random.NextDouble() < 0.5 ? "JL. MERDEKA " + i.ToString(CultureInfo.InvariantCulture) : null, card));
            }
        }

        // Shuffled, but every record keeps its place across the three runs.
        for (var i = records.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (records[i], records[j]) = (records[j], records[i]);
        }

        return records;
    }

    // Unique per person (12 middle names x 25 family names): two persons with the same name, birth date and sex
    // would score the same against a record, and which of two equals wins is no part of the contract.
    private static string NameOf(int i) =>
        $"{s_first[i % 5 == 4 ? i % s_first.Length : 0]} {s_middle[i % s_middle.Length]} {s_last[i / s_middle.Length % s_last.Length]}";

    private static bool IsWoman(int i) => i % 2 == 1;

    private static string BirthDateOf(int i) => i % 2 == 1 ? "1988-11-03" : "1990-05-12";

    // Region 32.01.01, the birth date (day + 40 for a woman), and a serial of three digits and a weighted check
    // digit, so that no two persons' NIKs are one typo or one transposition apart (that would make equal scores).
    private static string NikOf(int i)
    {
        var date = DateOnly.ParseExact(BirthDateOf(i), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = date.Day + (IsWoman(i) ? 40 : 0);
        var n = (i + 1) % 1000;
        var check = ((n / 100) + (3 * (n / 10 % 10)) + (7 * (n % 10))) % 10;
        return string.Create(CultureInfo.InvariantCulture, $"320101{day:00}{date.Month:00}{date.Year % 100:00}{n:000}{check}");
    }

    private static string Typo(string name, Random random)
    {
        var chars = name.ToCharArray();
        var at = random.Next(1, chars.Length - 2);
        if (chars[at] != ' ' && chars[at + 1] != ' ')
        {
            (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        }

        return new string(chars);
    }

    private static SourceRecord Record(int i, string source, string key, string? nik, string name, string? street, string? card)
    {
        var builder = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, name, "name")
            .Set(CanonicalFields.NormalisedName, name, "name-normalise")
            .Set(CanonicalFields.BirthDate, BirthDateOf(i), "birthDate")
            .Set(CanonicalFields.Sex, IsWoman(i) ? "female" : "male", "sex")
            .Set(CanonicalFields.Street, street, "street")
            .Set(CanonicalFields.BpjsCardNumber, card, "noKartu");
        if (source == "dukcapil")
        {
            builder.Set(CanonicalFields.VillageCode, "3201012001", "village")
                .Set(CanonicalFields.DistrictCode, "320101", "district")
                .Set(CanonicalFields.RegencyCode, "3201", "regency")
                .Set(CanonicalFields.ProvinceCode, "32", "province");
        }

        Nik? parsed = nik is not null && Nik.Parse(nik) is { Success: true } result ? result.Value : null;
        return new SourceRecord(source, key, parsed, builder.Build(), "population.csv", i + 2L) { IsIdentityAuthority = source == "dukcapil" };
    }
}

/// <summary>Batch equivalence on SQLite.</summary>
public sealed class SqliteBatchEquivalenceTests : BatchEquivalenceTests, IAsyncLifetime
{
    private readonly List<string> _directories = [];

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-batch-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return Task.FromResult(new StorageOptions { DataDirectory = directory });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in Disposables)
        {
            await database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Still open in another test's pool; the OS temp cleaner will take it.
            }
        }
    }
}

/// <summary>Batch equivalence on PostgreSQL.</summary>
public sealed class PostgresBatchEquivalenceTests : BatchEquivalenceTests, IAsyncLifetime
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() =>
        new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in Disposables)
        {
            await database.DisposeAsync();
        }
    }
}
