using System.Diagnostics;
using System.Text;
using IntegrationHub.Connectors.Csv;
using IntegrationHub.Connectors.Dukcapil;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Core.Regions;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Logging;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Ingest;

/// <summary>Thrown for input the user must fix (missing file, unknown source, wrong header); the message says what.</summary>
public sealed class IngestInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a source file, maps it, and applies it to the master index in batches. Each batch commits with the
/// run's counters; every record read is accepted, unchanged or quarantined.
/// </summary>
public sealed class IngestService
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SurvivorshipPolicy _policy;

    public IngestService(HubDatabase database, TimeProvider time, ILogger<IngestService> logger, SurvivorshipPolicy? policy = null)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _policy = policy ?? SurvivorshipPolicy.Default;
    }

    /// <summary>Ingests one file of the named source.</summary>
    public async Task<IngestSummary> IngestFileAsync(
        string sourceName,
        SourceOptions source,
        string path,
        IProgress<IngestProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!File.Exists(path))
        {
            throw new IngestInputException($"File not found: {path}");
        }

        if (!string.Equals(source.Kind, SourceKinds.DukcapilBiodataCsv, StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestInputException($"Source '{sourceName}' has kind '{source.Kind}', which this build cannot read from a file; known: {SourceKinds.DukcapilBiodataCsv}.");
        }

        var batchSize = source.BatchSize > 0 ? source.BatchSize : 500;
        var reader = new DukcapilBiodata(RegionCatalog.Default, _time, ResolveEncoding(source.Encoding), sourceName);
        var location = Path.GetFileName(path);
        var run = await _database.MasterIndex.StartRunAsync(sourceName, location, cancellationToken);
        Log.IngestStarted(_logger, run.RunId, sourceName, location);
        var clock = Stopwatch.StartNew();
        var counts = default(RunCounts);
        long alreadyQuarantined = 0;
        var records = new List<SourceRecord>(batchSize);
        var quarantined = new List<QuarantinedRow>();
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var total = stream.Length;
            foreach (var outcome in reader.Read(stream, location, cancellationToken))
            {
                if (outcome.Record is { } record)
                {
                    records.Add(record);
                }
                else
                {
                    quarantined.Add(outcome.Quarantined!);
                }

                if (records.Count + quarantined.Count >= batchSize)
                {
                    var batch = await FlushAsync(run.RunId, records, quarantined, cancellationToken);
                    counts += batch.Counts;
                    alreadyQuarantined += batch.AlreadyQuarantined;
                    progress?.Report(new IngestProgress(stream.Position, total, counts));
                }
            }

            var last = await FlushAsync(run.RunId, records, quarantined, cancellationToken);
            counts += last.Counts;
            alreadyQuarantined += last.AlreadyQuarantined;
            progress?.Report(new IngestProgress(total, total, counts));
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Succeeded, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.IngestCancelled(_logger, run.RunId, counts.Read);
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Cancelled, "cancelled", CancellationToken.None);
            throw;
        }
        catch (SourceFormatException ex)
        {
            Log.IngestFailed(_logger, run.RunId, ex.Message);
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Failed, ex.Message, CancellationToken.None);
            throw new IngestInputException(ex.Message, ex);
        }
        catch (Exception ex)
        {
            // The message of a database or I/O error names no person; rows are never part of it.
            Log.IngestFailed(_logger, run.RunId, ex.GetType().Name + ": " + ex.Message);
            await _database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Failed, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
            throw;
        }

        Log.IngestFinished(_logger, run.RunId, counts.Read, counts.Accepted, counts.Unchanged, counts.Quarantined, clock.ElapsedMilliseconds);
        var rows = await _database.MasterIndex.ListQuarantineAsync(run.RunId, cancellationToken);
        return new IngestSummary(run.RunId, sourceName, location, RunStatus.Succeeded, counts, alreadyQuarantined, rows, clock.Elapsed);
    }

    private async Task<BatchResult> FlushAsync(Guid runId, List<SourceRecord> records, List<QuarantinedRow> quarantined, CancellationToken cancellationToken)
    {
        if (records.Count == 0 && quarantined.Count == 0)
        {
            return default;
        }

        var result = await _database.MasterIndex.ApplyBatchAsync(runId, records, quarantined, _policy, cancellationToken);
        records.Clear();
        quarantined.Clear();
        return result;
    }

    /// <summary>The encoding a source names; throws <see cref="IngestInputException"/> for an unknown one.</summary>
    public static Encoding? ResolveEncoding(string? name)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case null or "" or "UTF-8" or "UTF8":
                return null;
            case "WINDOWS-1252" or "CP1252":
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                return Encoding.GetEncoding(1252);
            default:
                throw new IngestInputException($"Unknown encoding '{name}'; use utf-8 or windows-1252.");
        }
    }
}
