using System.Text.Json;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage.Quarantine;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Logging;

namespace IntegrationHub.Worker.Ingest;

// Re-processing quarantined rows after a mapping fix (docs/runs.md, "Re-processing quarantined rows").
public sealed partial class IngestService
{
    /// <summary>The audit action of a re-process attempt, whatever its outcome.</summary>
    public const string ReprocessAction = "quarantine.reprocess";

    /// <summary>The most rows one bulk re-process takes.</summary>
    public const int MaxBulkReprocess = 200;

    /// <summary>
    /// Maps quarantined row <paramref name="quarantineId"/> again with its source's mapping and schema as they are on
    /// disk now (read fresh, so a fix applies without a restart). When it passes, it goes into the index through the
    /// same resolution, lineage and change events as any batch, in a run of its own (trigger <c>reprocess</c>), and
    /// the row is marked resolved by <paramref name="actor"/>; when it still fails, it stays quarantined with the new
    /// reasons. A resolved row is never processed twice. Throws <see cref="IngestInputException"/> when the source's
    /// mapping or schema cannot be loaded.
    /// </summary>
    public async Task<ReprocessOutcome> ReprocessAsync(long quarantineId, IReadOnlyDictionary<string, SourceOptions> sources, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var item = await _database.Quarantine.FindAsync(quarantineId, cancellationToken);
        if (item is null)
        {
            return new ReprocessOutcome(quarantineId, ReprocessStatus.NotFound, null, [], $"No quarantined row {quarantineId}.", null);
        }

        if (item.Status != QuarantineItem.Open)
        {
            return AlreadyResolved(item);
        }

        if (item.Fields is not { } fields)
        {
            var refused = new ReprocessOutcome(
                quarantineId,
                ReprocessStatus.NotReprocessable,
                null,
                [new QuarantineReason(item.Reason, item.Field, item.Message)],
                $"Row {quarantineId} ({item.Reason}) was never read as fields, so no mapping can change it; correct it at the source and ingest it again.",
                item.Source);
            await AuditReprocessAsync(item, refused, actor, cancellationToken);
            return refused;
        }

        var options = sources.TryGetValue(item.Source, out var configured) ? configured : new SourceOptions();
        var mapping = SourceFactory.LoadMapping(item.Source, options, _time);
        var schema = SourceFactory.LoadSchema(item.Source, mapping);
        var row = new SourceRow(fields, item.Location ?? item.Source, item.Line, item.RawRecord);
        var (record, quarantined) = Prepare(row, mapping, schema);
        ReprocessOutcome outcome;
        if (record is null)
        {
            var reasons = new[] { new QuarantineReason(quarantined!.Reason, quarantined.Field, quarantined.Message) };
            outcome = await _database.Quarantine.RecordFailedAttemptAsync(quarantineId, reasons, cancellationToken)
                ? new ReprocessOutcome(quarantineId, ReprocessStatus.StillFailing, null, reasons, quarantined.Message, item.Source)
                : AlreadyResolved(await _database.Quarantine.FindAsync(quarantineId, cancellationToken) ?? item);
        }
        else
        {
            var resolved = await _database.Quarantine.ResolveAsync(quarantineId, item.Source, record, _policy, actor, cancellationToken);
            if (resolved is { } done)
            {
                outcome = new ReprocessOutcome(quarantineId, ReprocessStatus.Resolved, done.RunId, [], null, item.Source);
                Log.QuarantineReprocessed(_logger, quarantineId, done.RunId);
                if (_audit is not null)
                {
                    await _audit.AppendAsync(IngestAudit.Batch(item.Source, done.RunId, "quarantine", done.Result), cancellationToken);
                }

                _metrics?.RecordBatch(item.Source, done.Result.Counts);
                _metrics?.RecordMatchOutcome(item.Source, Metrics.MatchOutcomes.Link, done.Result.Linked);
                _metrics?.RecordMatchOutcome(item.Source, Metrics.MatchOutcomes.Review, done.Result.Reviewed);
                _metrics?.RecordMatchOutcome(item.Source, Metrics.MatchOutcomes.New, done.Result.Created);
            }
            else
            {
                outcome = AlreadyResolved(await _database.Quarantine.FindAsync(quarantineId, cancellationToken) ?? item);
            }
        }

        await AuditReprocessAsync(item, outcome, actor, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Re-processes the open rows of <paramref name="source"/> (and <paramref name="reason"/>, when given), oldest
    /// first, at most <paramref name="limit"/> (capped at <see cref="MaxBulkReprocess"/>); one outcome per row.
    /// </summary>
    public async Task<IReadOnlyList<ReprocessOutcome>> ReprocessManyAsync(string? source, string? reason, int limit, IReadOnlyDictionary<string, SourceOptions> sources, string actor, CancellationToken cancellationToken)
    {
        var rows = await _database.Quarantine.ListAsync(source, reason, null, QuarantineItem.Open, Math.Clamp(limit, 1, MaxBulkReprocess), cancellationToken, oldestFirst: true);
        var outcomes = new List<ReprocessOutcome>(rows.Count);
        foreach (var row in rows)
        {
            outcomes.Add(await ReprocessAsync(row.Id, sources, actor, cancellationToken));
        }

        return outcomes;
    }

    private static ReprocessOutcome AlreadyResolved(QuarantineItem item) => new(
        item.Id,
        ReprocessStatus.AlreadyResolved,
        item.ResolvedRunId,
        [],
        $"Row {item.Id} was resolved {item.ResolvedAt:u} by {item.ResolvedBy}, in run {item.ResolvedRunId}; it is not processed again.",
        item.Source);

    // One entry per attempt, whatever came of it. The detail names the row, the outcome, the run and reason codes;
    // never the row's values.
    private async Task AuditReprocessAsync(QuarantineItem item, ReprocessOutcome outcome, string actor, CancellationToken cancellationToken)
    {
        _metrics?.RecordReprocess(item.Source, outcome.Code);
        if (_audit is null)
        {
            return;
        }

        await _audit.AppendAsync(
            new AuditEvent(
                ReprocessAction,
                actor,
                RequestId: outcome.RunId?.ToString("D"),
                Detail: JsonSerializer.Serialize(new
                {
                    quarantine = item.Id,
                    source = item.Source,
                    outcome = outcome.Code,
                    run = outcome.RunId,
                    reasons = outcome.Reasons.Select(r => r.Reason).ToArray(),
                })),
            cancellationToken);
    }
}
