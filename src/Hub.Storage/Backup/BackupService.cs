using System.Data;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Storage.Backup;

/// <summary>What a restore did: the backup's manifest, how long it took, and every verification step's result.</summary>
public sealed record RestoreResult(BackupManifest Manifest, TimeSpan Elapsed, IReadOnlyList<VerificationResult> Verification)
{
    /// <summary>True when every verification step passed.</summary>
    public bool Verified => Verification.All(v => v.Passed);
}

/// <summary>
/// Backs the hub's database up into one file and restores it. A backup file is a zip archive of
/// <c>manifest.json</c> (<see cref="BackupManifest"/>) and the database image: for SQLite a consistent copy made
/// with the online backup API while the hub keeps running; for PostgreSQL a <c>pg_dump -Fc</c> archive of the
/// same snapshot the manifest's row counts were taken in. The file is written under a temporary name and
/// renamed when complete, so a crash never leaves a half backup under the final name.
/// </summary>
public sealed class BackupService
{
    private const string SqlitePayload = "hub.sqlite";
    private const string PostgresPayload = "hub.pgdump";

    private readonly HubDatabase _database;
    private readonly StorageOptions _storage;
    private readonly TimeProvider _time;
    private readonly string? _postgresBinDirectory;
    private readonly IReadOnlyList<IRestoreVerificationStep> _verification;

    /// <param name="database">The open database to back up or restore into.</param>
    /// <param name="storage">The options it was opened with (the PostgreSQL tools need the connection string).</param>
    /// <param name="time">The clock for the manifest's creation time.</param>
    /// <param name="postgresBinDirectory">Where pg_dump and pg_restore are; null to search PATH and /usr/lib/postgresql/*/bin.</param>
    /// <param name="verification">The checks after a restore; <see cref="RestoreVerification.Default"/> when null.</param>
    public BackupService(HubDatabase database, StorageOptions storage, TimeProvider? time = null, string? postgresBinDirectory = null, IReadOnlyList<IRestoreVerificationStep>? verification = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(storage);
        _database = database;
        _storage = storage;
        _time = time ?? TimeProvider.System;
        _postgresBinDirectory = postgresBinDirectory;
        _verification = verification ?? RestoreVerification.Default;
    }

    /// <summary>Writes a backup of the whole database to <paramref name="file"/> (replacing it atomically) and returns its manifest.</summary>
    public async Task<BackupManifest> BackupAsync(string file, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var target = Path.GetFullPath(file);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new BackupException($"The directory {directory} does not exist.", isInputProblem: true);
        }

        var stem = Path.Combine(directory, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N"));
        var payload = stem + ".payload";
        var archive = stem + ".tmp";
        try
        {
            var (schemaVersion, counts, createdAt) = _database.Provider == DatabaseProvider.Sqlite
                ? await CopySqliteAsync(payload, cancellationToken)
                : await DumpPostgresAsync(payload, cancellationToken);
            var manifest = new BackupManifest(
                BackupManifest.CurrentFormat,
                _database.Provider,
                schemaVersion,
                createdAt,
                _database.Description,
                counts,
                _database.Provider == DatabaseProvider.Sqlite ? SqlitePayload : PostgresPayload,
                new FileInfo(payload).Length,
                await Sha256Async(payload, cancellationToken));
            await WriteArchiveAsync(archive, manifest, payload, cancellationToken);
            File.Move(archive, target, overwrite: true);
            return manifest;
        }
        finally
        {
            File.Delete(payload);
            File.Delete(archive);
        }
    }

    /// <summary>Reads a backup's manifest without restoring it, checking the payload's checksum.</summary>
    public static async Task<BackupManifest> ReadManifestAsync(string file, CancellationToken cancellationToken)
    {
        using var zip = OpenArchive(file);
        var manifest = ReadManifest(zip);
        var entry = zip.GetEntry(manifest.PayloadEntry) ?? throw new BackupException($"{file} has no {manifest.PayloadEntry}.", isInputProblem: true);
        await using var stream = entry.Open();
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!string.Equals(hash, manifest.PayloadSha256, StringComparison.Ordinal))
        {
            throw new BackupException($"{file} is damaged: its database image does not match the checksum in its manifest.", isInputProblem: true);
        }

        return manifest;
    }

    /// <summary>
    /// Restores <paramref name="file"/> into the database, then verifies it. Refuses (nothing changed) when the
    /// file is damaged, comes from the other engine or a newer schema, or when the database holds rows and
    /// <paramref name="force"/> is false.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(string file, bool force, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var clock = Stopwatch.StartNew();
        var manifest = await ReadManifestAsync(file, cancellationToken);
        if (manifest.Provider != _database.Provider)
        {
            throw new BackupException($"The backup is of {manifest.Provider}; this hub runs on {_database.Provider}. Restore it into a {manifest.Provider} database.", isInputProblem: true);
        }

        if (manifest.SchemaVersion > _database.Migrator.LatestVersion)
        {
            throw new BackupException($"The backup has schema version {manifest.SchemaVersion}; this build knows up to {_database.Migrator.LatestVersion}. Restore it with a newer build.", isInputProblem: true);
        }

        await using (var connection = await _database.OpenConnectionAsync(cancellationToken))
        {
            var rows = (await DatabaseTables.CountRowsAsync(connection, _database.Provider, null, cancellationToken))
                .Where(t => t.Key != "schema_migrations")
                .Sum(t => t.Value);
            if (rows > 0 && !force)
            {
                throw new BackupException($"{_database.Description} is not empty ({rows} rows); restoring would replace them. Give --force to replace them.", isInputProblem: true);
            }
        }

        var directory = _database.Provider == DatabaseProvider.Sqlite ? Path.GetFullPath(_storage.DataDirectory) : Path.GetTempPath();
        var payload = Path.Combine(directory, ".restore." + Guid.NewGuid().ToString("N") + ".payload");
        try
        {
            using (var zip = OpenArchive(file))
            {
                zip.GetEntry(manifest.PayloadEntry)!.ExtractToFile(payload);
            }

            if (_database.Provider == DatabaseProvider.Sqlite)
            {
                await RestoreSqliteAsync(payload, cancellationToken);
            }
            else
            {
                await RestorePostgresAsync(payload, cancellationToken);
            }
        }
        finally
        {
            File.Delete(payload);
        }

        var results = new List<VerificationResult>();
        foreach (var step in _verification)
        {
            results.Add(await step.VerifyAsync(_database, manifest, cancellationToken));
        }

        return new RestoreResult(manifest, clock.Elapsed, results);
    }

    private async Task<(int SchemaVersion, IReadOnlyDictionary<string, long> Counts, DateTimeOffset CreatedAt)> CopySqliteAsync(string payload, CancellationToken cancellationToken)
    {
        await using var source = (SqliteConnection)await _database.OpenConnectionAsync(cancellationToken);
        var createdAt = _time.GetUtcNow();
        // The online backup copies every page under one read transaction: a consistent image while ingests go on.
        await using (var copy = new SqliteConnection(SqliteFile(payload, SqliteOpenMode.ReadWriteCreate)))
        {
            await copy.OpenAsync(cancellationToken);
            source.BackupDatabase(copy);
            // A self-contained file: no -wal beside it to lose in transit.
            await copy.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=DELETE", cancellationToken: cancellationToken));
        }

        // Counted in the copy, so that the manifest describes exactly what the file holds.
        await using var counted = new SqliteConnection(SqliteFile(payload, SqliteOpenMode.ReadOnly));
        await counted.OpenAsync(cancellationToken);
        var counts = await DatabaseTables.CountRowsAsync(counted, DatabaseProvider.Sqlite, null, cancellationToken);
        var version = await DatabaseTables.SchemaVersionAsync(counted, null, cancellationToken);
        return (version, counts, createdAt);
    }

    private async Task RestoreSqliteAsync(string payload, CancellationToken cancellationToken)
    {
        await using var image = new SqliteConnection(SqliteFile(payload, SqliteOpenMode.ReadOnly));
        await image.OpenAsync(cancellationToken);
        await using var target = (SqliteConnection)await _database.OpenConnectionAsync(cancellationToken);
        // Through SQLite's locks into the live file, never a file rename: a rename would leave the old -wal beside
        // the new file, and SQLite would replay it into the restored database.
        image.BackupDatabase(target);
    }

    private async Task<(int SchemaVersion, IReadOnlyDictionary<string, long> Counts, DateTimeOffset CreatedAt)> DumpPostgresAsync(string payload, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await _database.OpenConnectionAsync(cancellationToken);
        // One snapshot for the counts and the dump: pg_dump attaches to the snapshot this transaction exports.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var snapshot = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_export_snapshot()", transaction: transaction, cancellationToken: cancellationToken));
        var createdAt = _time.GetUtcNow();
        var counts = await DatabaseTables.CountRowsAsync(connection, DatabaseProvider.Postgres, transaction, cancellationToken);
        var version = await DatabaseTables.SchemaVersionAsync(connection, transaction, cancellationToken);
        await Tools().RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + snapshot, "--file=" + payload], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (version, counts, createdAt);
    }

    private async Task RestorePostgresAsync(string payload, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(_storage.PostgresConnectionString).Database
            ?? throw new BackupException("Hub:Storage:PostgresConnectionString names no database.", isInputProblem: true);
        // One transaction: a restore that fails leaves the database as it was. --clean drops what the dump recreates.
        await Tools().RunAsync(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname=" + database, payload],
            cancellationToken);
        // Pooled connections may hold plans of the dropped tables.
        NpgsqlConnection.ClearAllPools();
    }

    private PostgresTools Tools() => new(_storage.PostgresConnectionString!, _postgresBinDirectory);

    private static string SqliteFile(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    private static async Task WriteArchiveAsync(string archive, BackupManifest manifest, string payload, CancellationToken cancellationToken)
    {
        await using (var stream = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                var entry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal);
                await using (var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false)))
                {
                    await writer.WriteAsync(manifest.ToJson().AsMemory(), cancellationToken);
                }

                // pg_dump's custom format is compressed already.
                var level = manifest.Provider == DatabaseProvider.Sqlite ? CompressionLevel.Fastest : CompressionLevel.NoCompression;
                var data = zip.CreateEntry(manifest.PayloadEntry, level);
                await using var output = data.Open();
                await using var input = File.OpenRead(payload);
                await input.CopyToAsync(output, cancellationToken);
            }

            // On disk before the rename makes it the backup.
            stream.Flush(flushToDisk: true);
        }
    }

    private static ZipArchive OpenArchive(string file)
    {
        if (!File.Exists(file))
        {
            throw new BackupException($"Backup file not found: {file}", isInputProblem: true);
        }

        try
        {
            return ZipFile.OpenRead(file);
        }
        catch (InvalidDataException ex)
        {
            throw new BackupException($"{file} is not a hub backup (not a readable archive).", isInputProblem: true, ex);
        }
    }

    private static BackupManifest ReadManifest(ZipArchive zip)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName) ?? throw new BackupException("The file is not a hub backup: it has no manifest.", isInputProblem: true);
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        BackupManifest manifest;
        try
        {
            manifest = BackupManifest.FromJson(reader.ReadToEnd());
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new BackupException("The backup's manifest cannot be read: " + ex.Message, isInputProblem: true, ex);
        }

        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupException($"The backup's format is {manifest.Format}; this build reads {BackupManifest.CurrentFormat}.", isInputProblem: true);
        }

        return manifest;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
