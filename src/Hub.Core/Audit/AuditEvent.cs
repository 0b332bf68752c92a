namespace IntegrationHub.Core.Audit;

/// <summary>
/// One thing the audit log records (UU PDP Pasal 31): an access to personal data or a change. The log, not this
/// record, adds the sequence number, the time and the hash chain.
/// </summary>
/// <param name="Action">A stable code, e.g. <c>person.lookup</c>, <c>person.search</c>, <c>feed.read</c>,
/// <c>ingest.batch</c>, <c>identity.merge</c>, <c>client.create</c>, <c>policy.change</c>.</param>
/// <param name="Actor">The client id (or <c>system</c> for the hub's own work).</param>
/// <param name="Purpose">The purpose the request named, for accesses.</param>
/// <param name="SubjectNik">The NIK of the person concerned, when one is.</param>
/// <param name="SubjectPersonId">The master-index person concerned, when one is.</param>
/// <param name="Fields">The fields returned (accesses) or changed (changes).</param>
/// <param name="RequestId">The request's correlation id, or the run id.</param>
/// <param name="Detail">A small JSON object with anything else worth keeping (counts, decision ids, outcome).</param>
public sealed record AuditEvent(
    string Action,
    string Actor,
    string? Purpose = null,
    string? SubjectNik = null,
    Guid? SubjectPersonId = null,
    IReadOnlyList<string>? Fields = null,
    string? RequestId = null,
    string? Detail = null);

/// <summary>
/// The append-only audit log. <see cref="AppendAsync"/> completes only when the entry is durable (committed with its
/// place in the hash chain); implementations may group concurrent appends into one commit, but never acknowledge an
/// entry they could still lose.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> and returns its sequence number once it is durable.</summary>
    ValueTask<long> AppendAsync(AuditEvent entry, CancellationToken cancellationToken);
}
