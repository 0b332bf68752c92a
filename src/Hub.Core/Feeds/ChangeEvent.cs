namespace IntegrationHub.Core.Feeds;

/// <summary>
/// One entry of the change feed, as stored: the whole golden record as it stood when the change committed.
/// Subscribers never see this directly; <see cref="FeedProjection"/> cuts it down to what their policy allows.
/// </summary>
/// <param name="Seq">The global sequence number; a reader resumes after the last one it processed.</param>
/// <param name="EventId">The stable event id; also the webhook id and the idempotency key.</param>
/// <param name="Type">One of <see cref="ChangeEventTypes"/>.</param>
/// <param name="PersonId">The person the event is about.</param>
/// <param name="OtherPersonId">The other person of a merge, unmerge, link move or unlink, when there is one.</param>
/// <param name="ChangedFields">For <c>person.updated</c>, the dotted names of the fields that changed.</param>
/// <param name="ProvinceCode">The person's province code (address.provinceCode) when the event was written, for filters.</param>
/// <param name="Person">The golden record's fields by dotted name, when the event was written.</param>
/// <param name="OccurredAt">When the change committed.</param>
public sealed record ChangeEvent(
    long Seq,
    Guid EventId,
    string Type,
    Guid PersonId,
    Guid? OtherPersonId,
    IReadOnlyList<string> ChangedFields,
    string? ProvinceCode,
    IReadOnlyDictionary<string, string> Person,
    DateTimeOffset OccurredAt);

/// <summary>A change event as one subscriber may see it: only the fields, and changed-field names, its policy allows.</summary>
public sealed record ProjectedEvent(
    long Seq,
    Guid EventId,
    string Type,
    Guid PersonId,
    Guid? OtherPersonId,
    IReadOnlyList<string> ChangedFields,
    IReadOnlyDictionary<string, string> Person,
    DateTimeOffset OccurredAt);
