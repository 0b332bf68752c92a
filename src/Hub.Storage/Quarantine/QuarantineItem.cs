namespace IntegrationHub.Storage.Quarantine;

/// <summary>Why a row was refused: a stable reason code, the source field when there is one, and a message.</summary>
public sealed record QuarantineReason(string Reason, string? Field, string Message);

/// <summary>
/// A quarantined row with everything kept about it: where it was read and why it was refused, the raw text and the
/// source fields, its re-process attempts, and once it passed, when, by which client and in which run.
/// </summary>
public sealed record QuarantineItem(
    long Id,
    Guid RunId,
    string Source,
    string? Location,
    long? Line,
    string Reason,
    string? Field,
    string Message,
    string? RawRecord,
    IReadOnlyDictionary<string, string?>? Fields,
    string Status,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    IReadOnlyList<QuarantineReason> LastAttemptReasons,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    Guid? ResolvedRunId)
{
    /// <summary>The status of a row still waiting.</summary>
    public const string Open = "open";

    /// <summary>The status of a row re-processed into the index.</summary>
    public const string Resolved = "resolved";
}
