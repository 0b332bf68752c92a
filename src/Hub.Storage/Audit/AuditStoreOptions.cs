namespace IntegrationHub.Storage.Audit;

/// <summary>How the audit store groups appends into commits.</summary>
public sealed class AuditStoreOptions
{
    /// <summary>The most entries committed in one transaction. Default 1000; 1 turns group commit off (one transaction per entry).</summary>
    public int MaxBatch { get; set; } = 1000;
}
