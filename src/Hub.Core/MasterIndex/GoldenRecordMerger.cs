using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Core.MasterIndex;

/// <summary>A golden field that an incoming record changed.</summary>
public sealed record FieldChange(string Path, string? OldValue, string NewValue, Provenance Provenance);

/// <summary>Applies a source record to a person's golden record, field by field, under a survivorship policy.</summary>
public static class GoldenRecordMerger
{
    /// <summary>
    /// The golden fields that <paramref name="incoming"/> changes. A field the incoming record leaves empty
    /// keeps its value: an absent value is not evidence that the value is gone. A value equal to the current
    /// one changes nothing, not even its lineage, so re-reading a record from another run is a no-op.
    /// </summary>
    public static IReadOnlyList<FieldChange> Changes(
        IReadOnlyDictionary<string, GoldenValue>? current,
        SourceRecord incoming,
        Guid runId,
        DateTimeOffset receivedAt,
        SurvivorshipPolicy policy,
        long? sourceRecordId = null)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(policy);
        var changes = new List<FieldChange>();
        foreach (var (path, mapped) in incoming.Canonical.Values)
        {
            GoldenValue? existing = null;
            if (current is not null && current.TryGetValue(path, out var found))
            {
                existing = found;
            }

            if (existing is not null && string.Equals(existing.Value, mapped.Value, StringComparison.Ordinal))
            {
                continue;
            }

            if (!policy.Replaces(existing, incoming.Source, path, receivedAt))
            {
                continue;
            }

            var provenance = new Provenance(incoming.Source, incoming.SourceKey, runId, incoming.Location, incoming.Line, receivedAt, mapped.Rule, sourceRecordId);
            changes.Add(new FieldChange(path, existing?.Value, mapped.Value, provenance));
        }

        return changes;
    }
}
