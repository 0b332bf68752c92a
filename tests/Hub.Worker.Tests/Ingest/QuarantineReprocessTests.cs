using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Quarantine;
using IntegrationHub.Storage.Runs;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Worker.Tests.Ingest;

/// <summary>
/// Re-processing a quarantined row after a mapping fix, on the real database of each engine: a Dukcapil row whose
/// religion code the mapping cannot map is quarantined by a real ingest; once the mapping file on disk knows the
/// code, re-processing puts the person in the index with lineage pointing at a run of its own and at the fixed rule,
/// and marks the row resolved (never deleted). A row that still fails stays open with its new reasons; a resolved
/// row is not processed again; two re-processes racing for one row write exactly one run.
/// </summary>
#pragma warning disable CA1001 // The audit store and the database are disposed in DisposeAsync (IAsyncLifetime).
public abstract class QuarantineReprocessTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Actor = "engineer-1";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-reprocess-").FullName;
    private HubDatabase _database = null!;
    private AuditStore _audit = null!;
    private IngestService _ingest = null!;
    private string _mapping = null!;

    protected abstract Task<StorageOptions> CreateStorageAsync();

    protected string Directory_ => _directory;

    private Dictionary<string, SourceOptions> Sources => new Dictionary<string, SourceOptions>(StringComparer.OrdinalIgnoreCase)
    {
        ["dukcapil"] = new SourceOptions { Kind = SourceKinds.CsvFile, Mapping = _mapping },
    };

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(await CreateStorageAsync());
        await _database.Migrator.MigrateAsync(CancellationToken.None);
        _audit = new AuditStore(_database);
        _ingest = new IngestService(_database, TimeProvider.System, NullLogger<IngestService>.Instance, audit: _audit);
        // The hub's own mapping, copied where the test may change it (as an operator fixes the configured file).
        _mapping = Path.Combine(_directory, "dukcapil.json");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "mappings", "dukcapil.json"), _mapping);
    }

    public virtual async Task DisposeAsync()
    {
        await _audit.DisposeAsync();
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RowRefusedForAnUnknownCode_AfterTheMappingFix_LandsInTheIndexWithLineageToItsOwnRun_AndIsMarkedResolved()
    {
        var (nik, quarantine) = await IngestBadRowAsync("PENGHAYAT", "KAWIN");
        Assert.Equal("code.Unknown", quarantine.Reason);
        Assert.Equal("AGAMA", quarantine.Field);
        Assert.Null(await _database.MasterIndex.FindPersonByNikAsync(N(nik), CancellationToken.None));

        FixMapping(("religion", "PENGHAYAT", "kepercayaan"));
        var outcome = await _ingest.ReprocessAsync(quarantine.Id, Sources, Actor, CancellationToken.None);

        Assert.Equal(ReprocessStatus.Resolved, outcome.Status);
        var runId = Assert.IsType<Guid>(outcome.RunId);
        var person = await _database.MasterIndex.FindPersonByNikAsync(N(nik), CancellationToken.None);
        Assert.NotNull(person);
        var religion = person.Fields["religion"];
        Assert.Equal("kepercayaan", religion.Value);
        Assert.Equal(runId, religion.Provenance.RunId);
        Assert.Equal("dukcapil v2: AGAMA -> religion", religion.Provenance.Rule);
        Assert.Equal(quarantine.Location, religion.Provenance.Location);
        Assert.Equal(quarantine.Line, religion.Provenance.Line);
        Assert.All(person.Fields.Values, v => Assert.Equal(runId, v.Provenance.RunId));

        var run = await _database.Runs.FindAsync(runId, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal((RunStatus.Succeeded, RunTriggers.Reprocess, "dukcapil", 1L, 1L), (run.Status, run.Trigger, run.Connector, run.Counts.Read, run.Counts.Accepted));

        var row = await _database.Quarantine.FindAsync(quarantine.Id, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal((QuarantineItem.Resolved, Actor, (Guid?)runId, 1), (row.Status, row.ResolvedBy, row.ResolvedRunId, row.Attempts));
        Assert.NotNull(row.ResolvedAt);
        Assert.Equal(quarantine.RawRecord, row.RawRecord);
        Assert.Empty(await _database.Quarantine.ListAsync("dukcapil", null, null, QuarantineItem.Open, 10, CancellationToken.None));

        // The change feed has the new person, the audit log the attempt (by the client) and the run's batch.
        var events = await CountAsync("SELECT COUNT(*) FROM change_event");
        Assert.True(events >= 1, "re-processing wrote no change event");
        var audit = await AuditAsync();
        var attempt = Assert.Single(audit, e => e.Action == IngestService.ReprocessAction);
        Assert.Equal(Actor, attempt.Actor);
        var detail = JsonNode.Parse(attempt.Detail!)!;
        Assert.Equal(("resolved", quarantine.Id, runId.ToString()), ((string?)detail["outcome"], (long)detail["quarantine"]!, (string?)detail["run"]));
        Assert.DoesNotContain(nik, attempt.Detail!, StringComparison.Ordinal);
        Assert.Contains(audit, e => e.Action == "ingest.batch" && e.RequestId == runId.ToString("D"));
    }

    [Fact]
    public async Task RowThatStillFails_StaysQuarantined_WithTheNewReasons_AndNothingIsIngested()
    {
        var (nik, quarantine) = await IngestBadRowAsync("PENGHAYAT", "KAWIN SIRI");
        var runsBefore = await CountAsync("SELECT COUNT(*) FROM ingest_run");

        // Half a fix: the religion is known now, the marital status still is not.
        FixMapping(("religion", "PENGHAYAT", "kepercayaan"));
        var outcome = await _ingest.ReprocessAsync(quarantine.Id, Sources, Actor, CancellationToken.None);

        Assert.Equal(ReprocessStatus.StillFailing, outcome.Status);
        Assert.Null(outcome.RunId);
        var reason = Assert.Single(outcome.Reasons);
        Assert.Equal(("code.Unknown", "STAT_KWN"), (reason.Reason, reason.Field));
        var row = await _database.Quarantine.FindAsync(quarantine.Id, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal((QuarantineItem.Open, 1, "AGAMA"), (row.Status, row.Attempts, row.Field));
        Assert.Equal("STAT_KWN", Assert.Single(row.LastAttemptReasons).Field);
        Assert.NotNull(row.LastAttemptAt);
        Assert.Null(row.ResolvedRunId);
        Assert.Null(await _database.MasterIndex.FindPersonByNikAsync(N(nik), CancellationToken.None));
        Assert.Equal(runsBefore, await CountAsync("SELECT COUNT(*) FROM ingest_run"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM source_record"));

        // The rest of the fix: now it passes.
        FixMapping(("maritalStatus", "KAWIN SIRI", "kawin"));
        var second = await _ingest.ReprocessAsync(quarantine.Id, Sources, Actor, CancellationToken.None);
        Assert.Equal(ReprocessStatus.Resolved, second.Status);
        Assert.Equal("kawin", (await _database.MasterIndex.FindPersonByNikAsync(N(nik), CancellationToken.None))!.Fields["maritalStatus"].Value);
        Assert.Equal(2, (await _database.Quarantine.FindAsync(quarantine.Id, CancellationToken.None))!.Attempts);
    }

    [Fact]
    public async Task ResolvedRow_IsNotProcessedAgain_AndUnknownOrUnreadableRowsAreRefused()
    {
        var (nik, quarantine) = await IngestBadRowAsync("PENGHAYAT", "KAWIN");
        FixMapping(("religion", "PENGHAYAT", "kepercayaan"));
        var first = await _ingest.ReprocessAsync(quarantine.Id, Sources, Actor, CancellationToken.None);
        Assert.Equal(ReprocessStatus.Resolved, first.Status);
        var person = await _database.MasterIndex.FindPersonByNikAsync(N(nik), CancellationToken.None);
        var runs = await CountAsync("SELECT COUNT(*) FROM ingest_run");

        var again = await _ingest.ReprocessAsync(quarantine.Id, Sources, "someone-else", CancellationToken.None);

        Assert.Equal(ReprocessStatus.AlreadyResolved, again.Status);
        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(runs, await CountAsync("SELECT COUNT(*) FROM ingest_run"));
        Assert.Equal(person!.Version, (await _database.MasterIndex.FindPersonByNikAsync(N(nik), CancellationToken.None))!.Version);
        Assert.Equal(Actor, (await _database.Quarantine.FindAsync(quarantine.Id, CancellationToken.None))!.ResolvedBy);

        Assert.Equal(ReprocessStatus.NotFound, (await _ingest.ReprocessAsync(987654, Sources, Actor, CancellationToken.None)).Status);

        // A row that was never read as fields (wrong number of columns): no mapping can help, and it says so.
        var file = Path.Combine(_directory, "short.csv");
        await File.WriteAllLinesAsync(file, [SampleLines()[0], "3316014710760001;only;three"]);
        var summary = await _ingest.IngestFilesAsync("dukcapil", Sources["dukcapil"], [file], null, CancellationToken.None);
        var unreadable = Assert.Single(await _database.Quarantine.ListAsync(null, null, summary.RunId, QuarantineItem.Open, 10, CancellationToken.None));
        Assert.Equal("csv.FieldCount", unreadable.Reason);
        var refused = await _ingest.ReprocessAsync(unreadable.Id, Sources, Actor, CancellationToken.None);
        Assert.Equal(ReprocessStatus.NotReprocessable, refused.Status);
        Assert.Equal(QuarantineItem.Open, (await _database.Quarantine.FindAsync(unreadable.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task TwoReprocessesRacingForOneRow_ResolveItOnce_AndLeaveNoOrphanRun()
    {
        var (_, quarantine) = await IngestBadRowAsync("PENGHAYAT", "KAWIN");
        FixMapping(("religion", "PENGHAYAT", "kepercayaan"));
        await using var other = HubDatabase.Open(await CreateStorageAsync());
        var otherIngest = new IngestService(other, TimeProvider.System, NullLogger<IngestService>.Instance);

        var outcomes = await Task.WhenAll(
            Task.Run(() => _ingest.ReprocessAsync(quarantine.Id, Sources, "node-a", CancellationToken.None)),
            Task.Run(() => otherIngest.ReprocessAsync(quarantine.Id, Sources, "node-b", CancellationToken.None)));

        var winner = Assert.Single(outcomes, o => o.Status == ReprocessStatus.Resolved);
        var loser = Assert.Single(outcomes, o => o.Status != ReprocessStatus.Resolved);
        Assert.Equal(ReprocessStatus.AlreadyResolved, loser.Status);
        Assert.Equal(winner.RunId, loser.RunId);
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM ingest_run WHERE trigger_kind = '{RunTriggers.Reprocess}'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM source_record"));
    }

    private static Nik N(string text)
    {
        Assert.True(Nik.TryParse(text, out var nik), $"{text} is not a valid NIK");
        return nik;
    }

    private static string[] SampleLines() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv"));

    // A sample row with the religion and marital status given, ingested through the real ingest path.
    private async Task<(string Nik, QuarantineItem Row)> IngestBadRowAsync(string religion, string maritalStatus)
    {
        var lines = SampleLines();
        var fields = lines[1].Split(';');
        fields[7] = religion; // AGAMA
        fields[8] = maritalStatus; // STAT_KWN
        var file = Path.Combine(_directory, "biodata.csv");
        await File.WriteAllLinesAsync(file, [lines[0], string.Join(';', fields)]);
        var summary = await _ingest.IngestFilesAsync("dukcapil", Sources["dukcapil"], [file], null, CancellationToken.None);
        Assert.Equal(1, summary.Counts.Quarantined);
        var row = Assert.Single(await _database.Quarantine.ListAsync("dukcapil", null, summary.RunId, QuarantineItem.Open, 10, CancellationToken.None));
        Assert.NotNull(row.Fields);
        return (fields[0], row);
    }

    // Adds codes to code tables of the mapping on disk and bumps its version, as an engineer's fix would.
    private void FixMapping(params (string Target, string Code, string Value)[] codes)
    {
        var mapping = JsonNode.Parse(File.ReadAllText(_mapping))!.AsObject();
        mapping["version"] = (int)mapping["version"]! + 1;
        foreach (var (target, code, value) in codes)
        {
            var rule = mapping["rules"]!.AsArray().Single(r => (string?)r!["target"] == target)!;
            var table = rule["transforms"]!.AsArray().Single(t => (string?)t!["op"] == "code")!["table"]!.AsObject();
            table[code] = value;
        }

        File.WriteAllText(_mapping, mapping.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task<List<Core.Audit.AuditEvent>> AuditAsync()
    {
        var events = new List<Core.Audit.AuditEvent>();
        await foreach (var entry in _audit.ReadEntriesAsync(0, CancellationToken.None))
        {
            events.Add(entry.Event);
        }

        return events;
    }
}

public sealed class SqliteQuarantineReprocessTests : QuarantineReprocessTests
{
    protected override Task<StorageOptions> CreateStorageAsync() =>
        Task.FromResult(new StorageOptions { DataDirectory = Path.Combine(Directory_, "data") });
}

public sealed class PostgresQuarantineReprocessTests : QuarantineReprocessTests
{
    private string? _connectionString;

    protected override async Task<StorageOptions> CreateStorageAsync() =>
        new() { PostgresConnectionString = _connectionString ??= await Storage.Tests.PostgresServer.CreateDatabaseAsync() };
}
