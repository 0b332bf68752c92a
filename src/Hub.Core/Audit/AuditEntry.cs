namespace IntegrationHub.Core.Audit;

/// <summary>
/// One entry of the audit log as stored: the event, its place in the chain (<see cref="Seq"/>), when it was
/// recorded, and the hashes that chain it to the entry before it.
/// </summary>
/// <param name="Seq">The entry's position, from 1, without gaps.</param>
/// <param name="Time">When the log recorded it (UTC, whole microseconds, so that both engines store it exactly).</param>
/// <param name="Event">What happened.</param>
/// <param name="PrevHash">The hash of entry <c>Seq - 1</c> (<see cref="AuditChain.GenesisHash"/> for the first), lowercase hex.</param>
/// <param name="Hash">SHA-256 of the previous hash and this entry's canonical form, lowercase hex.</param>
public sealed record AuditEntry(long Seq, DateTimeOffset Time, AuditEvent Event, string PrevHash, string Hash);
