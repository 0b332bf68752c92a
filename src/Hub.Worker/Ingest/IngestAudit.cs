using System.Text.Json;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Ports;

namespace IntegrationHub.Worker.Ingest;

/// <summary>The audit entries ingest writes: one per committed batch, by <c>system</c>, with the run id and the counts.</summary>
internal static class IngestAudit
{
    public const string BatchAction = "ingest.batch";

    public static AuditEvent Batch(string source, Guid runId, string feed, BatchResult result) => new(
        BatchAction,
        "system",
        RequestId: runId.ToString("D"),
        Detail: JsonSerializer.Serialize(new
        {
            source,
            run = runId,
            feed,
            read = result.Counts.Read,
            accepted = result.Accepted,
            unchanged = result.Unchanged,
            quarantined = result.Quarantined,
            linked = result.Linked,
            reviewed = result.Reviewed,
            created = result.Created,
        }));
}
