namespace IntegrationHub.Core.Canonical;

/// <summary>
/// Where a value came from: the source (agency connector), the record's key there, the run that read it,
/// where in the input it was (file and line, or an API cursor), when the hub received it, and the mapping
/// rule that produced the canonical value, and the match decision that put the record on this person.
/// </summary>
public sealed record Provenance(
    string Source,
    string SourceKey,
    Guid RunId,
    string? Location,
    long? Line,
    DateTimeOffset ReceivedAt,
    string? Rule,
    long? SourceRecordId = null,
    long? DecisionId = null);
