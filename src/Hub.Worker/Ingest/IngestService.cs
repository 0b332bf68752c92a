using System.Diagnostics;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Csv;
using IntegrationHub.Connectors.Mapping;
using IntegrationHub.Connectors.Validation;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Logging;
using IntegrationHub.Worker.Metrics;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Ingest;

/// <summary>Thrown for input the user must fix (missing file, unknown source, wrong header, bad mapping); the message says what.</summary>
public sealed class IngestInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs a source into the master index: reads batches from its connector, maps them, and applies each batch in
/// one transaction together with the run's counters and the source's cursor. Every record read is accepted,
/// unchanged or quarantined. Killed at any point, the next run resumes from the last committed cursor.
/// </summary>
public sealed partial class IngestService
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SurvivorshipPolicy _policy;
    private readonly HubMetrics? _metrics;
    private readonly Core.Audit.IAuditLog? _audit;

    public IngestService(HubDatabase database, TimeProvider time, ILogger<IngestService> logger, SurvivorshipPolicy? policy = null, HubMetrics? metrics = null, Core.Audit.IAuditLog? audit = null)
    {
        _audit = audit;
        _database = database;
        _time = time;
        _logger = logger;
        _policy = policy ?? SurvivorshipPolicy.Default;
        _metrics = metrics;
    }

    /// <summary>Ingests the named files of a source (from their start; nothing is moved).</summary>
    public Task<IngestSummary> IngestFilesAsync(string sourceName, SourceOptions source, IReadOnlyList<string> files, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new IngestInputException($"File not found: {file}");
            }
        }

        return RunAsync(sourceName, source, files, progress, cancellationToken);
    }

    /// <summary>Like <see cref="IngestFilesAsync(string, SourceOptions, IReadOnlyList{string}, IProgress{IngestProgress}?, CancellationToken)"/>, recording into a run already created and started (it holds the connector's lease).</summary>
    public Task<IngestSummary> IngestFilesAsync(string sourceName, SourceOptions source, IReadOnlyList<string> files, Guid existingRunId, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new IngestInputException($"File not found: {file}");
            }
        }

        return RunAsync(sourceName, source, files, progress, cancellationToken, existingRunId);
    }

    /// <summary>Reads a configured source from its last committed cursor to the end of what it has now.</summary>
    public Task<IngestSummary> IngestSourceAsync(string sourceName, SourceOptions source, IProgress<IngestProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(sourceName, source, null, progress, cancellationToken);

    /// <summary>
    /// Like <see cref="IngestSourceAsync(string, SourceOptions, IProgress{IngestProgress}?, CancellationToken)"/>, but
    /// records into a run the scheduler already created and started (see <c>RunExecutor</c>).
    /// </summary>
    public Task<IngestSummary> IngestSourceAsync(string sourceName, SourceOptions source, Guid existingRunId, IProgress<IngestProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(sourceName, source, null, progress, cancellationToken, existingRunId);

    /// <summary>
    /// One row through the schema and the mapping: the record to apply, or the row quarantined with its reason
    /// (and the fields it was read with, so that it can be mapped again after a fix). Re-processing a quarantined
    /// row goes through here too.
    /// </summary>
    public static (SourceRecord? Record, QuarantinedRow? Quarantined) Prepare(SourceRow row, CompiledMapping mapping, RecordSchema? schema) =>
        Prepare(row, mapping, schema, out _);

    // As above; validatedAt is the timestamp between validation and mapping (the ingest's phase times).
    private static (SourceRecord? Record, QuarantinedRow? Quarantined) Prepare(SourceRow row, CompiledMapping mapping, RecordSchema? schema, out long validatedAt)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(mapping);
        var violation = schema?.Validate(row);
        validatedAt = Stopwatch.GetTimestamp();
        if (violation is not null)
        {
            return (null, new QuarantinedRow(mapping.Definition.Source, row.Location, row.Offset, "schema." + violation.Keyword, violation.Field, violation.Message, row.Raw) { Fields = row.Fields });
        }

        var mapped = mapping.Map(row);
        if (mapped.Record is not { } record)
        {
            return (null, mapped.Quarantined! with { Fields = row.Fields });
        }

        Nik? nik = Nik.TryParse(record[Core.Canonical.CanonicalFields.Nik], out var n) ? n : null;
        return (new SourceRecord(mapping.Definition.Source, mapped.SourceKey!, nik, record, row.Location, row.Offset) { IsIdentityAuthority = mapping.Definition.IdentityAuthority }, null);
    }

    private async Task<IngestSummary> RunAsync(string sourceName, SourceOptions source, IReadOnlyList<string>? files, IProgress<IngestProgress>? progress, CancellationToken cancellationToken, Guid? existingRunId = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var mapping = SourceFactory.LoadMapping(sourceName, source, _time);
        var schema = SourceFactory.LoadSchema(sourceName, mapping);
        var connector = SourceFactory.Create(sourceName, source, mapping, files);
        try
        {
            return await RunAsync(sourceName, source, mapping, schema, connector, persistCursor: files is null, files, progress, existingRunId, cancellationToken);
        }
        finally
        {
            (connector as IDisposable)?.Dispose();
        }
    }

    private async Task<IngestSummary> RunAsync(
        string sourceName,
        SourceOptions source,
        CompiledMapping mapping,
        RecordSchema? schema,
        ISourceConnector connector,
        bool persistCursor,
        IReadOnlyList<string>? files,
        IProgress<IngestProgress>? progress,
        Guid? existingRunId,
        CancellationToken cancellationToken)
    {
        var batchSize = source.BatchSize > 0 ? source.BatchSize : 500;
        var location = files is { Count: 1 } ? Path.GetFileName(files[0]) : files is null ? connector.Kind : $"{files.Count} files";
        var run = existingRunId is { } id
            ? new IngestRun(id, sourceName, location, RunStatus.Running, default, _time.GetUtcNow(), null, null)
            : await _database.MasterIndex.StartRunAsync(sourceName, location, cancellationToken);

        // A run started here (hub ingest, the samples at first start) opens its log scope; a queued run's executor has.
        using var scope = existingRunId is null ? RunLogScope.Begin(_logger, run.RunId, sourceName) : null;
        Log.IngestStarted(_logger, run.RunId, sourceName, location);
        var clock = Stopwatch.StartNew();
        var counts = default(RunCounts);
        long alreadyQuarantined = 0;
        try
        {
            var feeds = await connector.DiscoverAsync(cancellationToken);
            foreach (var feed in feeds)
            {
                var stored = persistCursor ? await _database.MasterIndex.GetCursorAsync(sourceName, feed.Name, cancellationToken) : null;
                var cursor = new SourceCursor(stored);
                while (true)
                {
                    // Phase times (IngestPhaseTimes): timestamps only, nothing allocated per record.
                    var readStart = Stopwatch.GetTimestamp();
                    var batch = await connector.ReadAsync(feed, cursor, batchSize, cancellationToken);
                    var parseTicks = Stopwatch.GetTimestamp() - readStart;
                    long validateTicks = 0, mapTicks = 0;
                    var records = new List<SourceRecord>(batch.Rows.Count);
                    var quarantined = new List<QuarantinedRow>(batch.Unreadable);
                    foreach (var row in batch.Rows)
                    {
                        var rowStart = Stopwatch.GetTimestamp();
                        var (record, refused) = Prepare(row, mapping, schema, out var validated);
                        validateTicks += validated - rowStart;
                        if (record is not null)
                        {
                            records.Add(record);
                        }
                        else
                        {
                            quarantined.Add(refused!);
                        }

                        mapTicks += Stopwatch.GetTimestamp() - validated;
                    }

                    // Rows the reader could not split and rows the mapping refused, back in input order.
                    quarantined.Sort((a, b) => Nullable.Compare(a.Line, b.Line));
                    var commit = persistCursor ? new CursorCommit(sourceName, feed.Name, batch.Next.Value) : null;
                    var result = await _database.MasterIndex.ApplyBatchAsync(run.RunId, records, quarantined, _policy, cancellationToken, commit);
                    if (connector is ISourceCommitListener listener && persistCursor)
                    {
                        await listener.CommittedAsync(feed, batch.Next, cancellationToken);
                    }

                    if (_audit is not null && result.Counts.Read > 0)
                    {
                        // One audit entry per committed batch (not per record), after the commit: it records what is now in the index.
                        await _audit.AppendAsync(IngestAudit.Batch(sourceName, run.RunId, feed.Name, result), cancellationToken);
                    }

                    counts += result.Counts;
                    _metrics?.RecordBatch(sourceName, result.Counts);
                    _metrics?.RecordMatchOutcome(sourceName, MatchOutcomes.Link, result.Linked);
                    _metrics?.RecordMatchOutcome(sourceName, MatchOutcomes.Review, result.Reviewed);
                    _metrics?.RecordMatchOutcome(sourceName, MatchOutcomes.New, result.Created);
                    _metrics?.RecordIngestPhases(sourceName, result.Phases with { Parse = parseTicks, Validate = validateTicks, Map = mapTicks });
                    alreadyQuarantined += result.AlreadyQuarantined;
                    cursor = batch.Next;
                    var file = connector as CsvFileSource;
                    progress?.Report(new IngestProgress(counts, file?.FileFraction, file?.CurrentFile));
                    if (batch.Exhausted)
                    {
                        break;
                    }
                }
            }

            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Succeeded, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.IngestCancelled(_logger, run.RunId, counts.Read);
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Cancelled, "cancelled", CancellationToken.None);
            _metrics?.RecordRun(sourceName, RunStatus.Cancelled, clock.Elapsed);
            throw;
        }
        catch (ConnectorException ex)
        {
            // Transient or not, the run stops here; committed batches and the cursor stay, so a later run resumes.
            Log.IngestFailed(_logger, run.RunId, ex.Message);
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Failed, ex.Message, CancellationToken.None);
            _metrics?.RecordRun(sourceName, RunStatus.Failed, clock.Elapsed);
            if (ex.IsTransient)
            {
                throw;
            }

            throw new IngestInputException(ex.Message, ex);
        }
        catch (Exception ex)
        {
            // Messages of database and connector errors name no person; rows are never part of them.
            Log.IngestFailed(_logger, run.RunId, ex.GetType().Name + ": " + ex.Message);
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Failed, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
            _metrics?.RecordRun(sourceName, RunStatus.Failed, clock.Elapsed);
            throw;
        }

        _metrics?.RecordRun(sourceName, RunStatus.Succeeded, clock.Elapsed);
        Log.IngestFinished(_logger, run.RunId, counts.Read, counts.Accepted, counts.Unchanged, counts.Quarantined, clock.ElapsedMilliseconds);
        var rows = await _database.MasterIndex.ListQuarantineAsync(run.RunId, cancellationToken);
        return new IngestSummary(run.RunId, sourceName, location, RunStatus.Succeeded, counts, alreadyQuarantined, rows, clock.Elapsed);
    }
}
