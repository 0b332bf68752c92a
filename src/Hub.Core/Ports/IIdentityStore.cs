using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.Ports;

/// <summary>Who did something and why: every manual identity decision carries both, and both are kept.</summary>
public sealed record ActorContext
{
    /// <summary>Creates the context; both parts are required.</summary>
    public ActorContext(string actor, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Actor = actor.Trim();
        Reason = reason.Trim();
    }

    /// <summary>Who decided.</summary>
    public string Actor { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }
}

/// <summary>How an identity operation ended.</summary>
public enum IdentityOpStatus
{
    /// <summary>Done.</summary>
    Ok = 1,
    /// <summary>Something it names does not exist.</summary>
    NotFound,
    /// <summary>The current state does not allow it (e.g. a review item already decided, a person already merged).</summary>
    Conflict,
}

/// <summary>The result of an identity operation: its status, a message for people, and what it produced.</summary>
public sealed record IdentityOpResult(IdentityOpStatus Status, string Message, Guid? PersonId = null, long? EventId = null)
{
    /// <summary>Done.</summary>
    public static IdentityOpResult Ok(string message, Guid? personId = null, long? eventId = null) => new(IdentityOpStatus.Ok, message, personId, eventId);

    /// <summary>Not found.</summary>
    public static IdentityOpResult NotFound(string message) => new(IdentityOpStatus.NotFound, message);

    /// <summary>Not allowed in the current state.</summary>
    public static IdentityOpResult Conflict(string message) => new(IdentityOpStatus.Conflict, message);
}

/// <summary>A reviewer's decision on a pair.</summary>
public enum ReviewDecision
{
    /// <summary>The record and the candidate are the same person.</summary>
    Link = 1,
    /// <summary>They are not; later automatic runs respect this.</summary>
    NotAMatch,
}

/// <summary>An item of the review queue.</summary>
public sealed record ReviewItemSummary(
    long ReviewId,
    ReviewKind Kind,
    string Source,
    string SourceKey,
    Guid CandidatePersonId,
    double? Weight,
    double? Probability,
    string Status,
    DateTimeOffset CreatedAt);

/// <summary>
/// A review item in full: the incoming record's values and the candidate's golden record side by side, the score
/// broken down per comparison as it was when the item was raised, and the decision once made.
/// </summary>
public sealed record ReviewItemDetail(
    ReviewItemSummary Item,
    IReadOnlyDictionary<string, string> Record,
    Guid? RecordPersonId,
    GoldenRecord? Candidate,
    IReadOnlyList<ComparisonScore> Breakdown,
    string? ModelVersion,
    string? DecidedBy,
    string? Reason,
    DateTimeOffset? DecidedAt);

/// <summary>One entry of a person's history: created, linked, unlinked, merged, unmerged, overridden.</summary>
public sealed record PersonEvent(
    long EventId,
    Guid PersonId,
    string Kind,
    string? Source,
    string? SourceKey,
    Guid? OtherPersonId,
    long? DecisionId,
    string? Actor,
    string? Reason,
    DateTimeOffset CreatedAt);

/// <summary>A source record linked to a person, and how it was linked.</summary>
public sealed record SourceLinkInfo(string Source, string SourceKey, string State, string Method, long? DecisionId, DateTimeOffset UpdatedAt);

/// <summary>Where a source record stands: the person it is linked to (after merges; null while in review), the link's state and method.</summary>
public sealed record RecordAssignment(string Source, string SourceKey, Guid? PersonId, string State, string Method);

/// <summary>An open review item as a pair: a source record and the person it may belong to.</summary>
public sealed record ReviewPair(string Source, string SourceKey, Guid CandidatePersonId, ReviewKind Kind);

/// <summary>A stored match decision, with the score broken down per comparison.</summary>
public sealed record MatchDecisionInfo(
    long DecisionId,
    string Source,
    string SourceKey,
    Guid? PersonId,
    string Outcome,
    string Method,
    double? Weight,
    double? Probability,
    IReadOnlyList<ComparisonScore> Breakdown,
    string? ModelVersion,
    string? Actor,
    string? Reason,
    DateTimeOffset CreatedAt);

/// <summary>
/// Identity resolution's manual side: the review queue and the operations that change who is who, each kept in
/// the person's history with who did it and why. Manual decisions are never overturned by later automatic runs.
/// </summary>
public interface IIdentityStore
{
    /// <summary>Review items by status (<c>open</c>, <c>linked</c>, <c>not-a-match</c>, <c>superseded</c>; all when null) and kind, oldest first, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<ReviewItemSummary>> ListReviewAsync(string? status, ReviewKind? kind, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>How many review items have a status.</summary>
    Task<long> CountReviewAsync(string status, CancellationToken cancellationToken);

    /// <summary>One review item in full, or null.</summary>
    Task<ReviewItemDetail?> GetReviewAsync(long reviewId, CancellationToken cancellationToken);

    /// <summary>Decides an open review item.</summary>
    Task<IdentityOpResult> DecideReviewAsync(long reviewId, ReviewDecision decision, ActorContext actor, CancellationToken cancellationToken);

    /// <summary>Links a source record to a person by hand.</summary>
    Task<IdentityOpResult> LinkAsync(string source, string sourceKey, Guid personId, ActorContext actor, CancellationToken cancellationToken);

    /// <summary>Unlinks a source record from its person; it becomes a person of its own, and is never linked back automatically.</summary>
    Task<IdentityOpResult> UnlinkAsync(string source, string sourceKey, ActorContext actor, CancellationToken cancellationToken);

    /// <summary>Merges <paramref name="absorbedId"/> into <paramref name="survivorId"/>; the result's EventId identifies the merge for unmerge.</summary>
    Task<IdentityOpResult> MergeAsync(Guid survivorId, Guid absorbedId, ActorContext actor, CancellationToken cancellationToken);

    /// <summary>Undoes a merge: the absorbed person comes back with the records it had, and both golden records are rebuilt.</summary>
    Task<IdentityOpResult> UnmergeAsync(long mergeEventId, ActorContext actor, CancellationToken cancellationToken);

    /// <summary>Sets a golden field by hand (null clears the override); ingest does not change an overridden field.</summary>
    Task<IdentityOpResult> OverrideFieldAsync(Guid personId, string field, string? value, ActorContext actor, CancellationToken cancellationToken);

    /// <summary>A person's golden record by id, following merges to the surviving person; null when unknown.</summary>
    Task<GoldenRecord?> FindPersonAsync(Guid personId, CancellationToken cancellationToken);

    /// <summary>A person's history, oldest first.</summary>
    Task<IReadOnlyList<PersonEvent>> GetHistoryAsync(Guid personId, CancellationToken cancellationToken);

    /// <summary>The source records linked to a person.</summary>
    Task<IReadOnlyList<SourceLinkInfo>> ListLinksAsync(Guid personId, CancellationToken cancellationToken);

    /// <summary>Every source record's assignment, for evaluation against a known truth.</summary>
    IAsyncEnumerable<RecordAssignment> ListAssignmentsAsync(CancellationToken cancellationToken);

    /// <summary>Every open review item as a pair.</summary>
    IAsyncEnumerable<ReviewPair> ListOpenReviewPairsAsync(CancellationToken cancellationToken);

    /// <summary>The match decisions taken on a source record, oldest first.</summary>
    Task<IReadOnlyList<MatchDecisionInfo>> ListDecisionsAsync(string source, string sourceKey, CancellationToken cancellationToken);
}
