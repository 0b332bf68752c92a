using IntegrationHub.Storage.Quarantine;

namespace IntegrationHub.Worker.Ingest;

/// <summary>What re-processing a quarantined row came to.</summary>
public enum ReprocessStatus
{
    /// <summary>The row maps now: it is in the index, in a run of its own, and the row is marked resolved.</summary>
    Resolved,

    /// <summary>The row still fails with the current mapping; it stays quarantined and the new reasons are kept.</summary>
    StillFailing,

    /// <summary>No quarantined row has this id.</summary>
    NotFound,

    /// <summary>The row was resolved before; nothing was done.</summary>
    AlreadyResolved,

    /// <summary>The row was never readable as fields (e.g. <c>csv.FieldCount</c>); only a corrected file can bring it in.</summary>
    NotReprocessable,
}

/// <summary>
/// The outcome of re-processing one quarantined row: its status, the run that ingested it (resolved, or resolved
/// before), the reasons it still fails with, and a message for the refusals.
/// </summary>
public sealed record ReprocessOutcome(long QuarantineId, ReprocessStatus Status, Guid? RunId, IReadOnlyList<QuarantineReason> Reasons, string? Message, string? Source)
{
    /// <summary>The outcome as a stable lower-case code (<c>resolved</c>, <c>still-failing</c>, ...), for APIs, metrics and audit.</summary>
    public string Code => Codes(Status);

    /// <summary>The stable code of a status.</summary>
    public static string Codes(ReprocessStatus status) => status switch
    {
        ReprocessStatus.Resolved => "resolved",
        ReprocessStatus.StillFailing => "still-failing",
        ReprocessStatus.NotFound => "not-found",
        ReprocessStatus.AlreadyResolved => "already-resolved",
        _ => "not-reprocessable",
    };
}
