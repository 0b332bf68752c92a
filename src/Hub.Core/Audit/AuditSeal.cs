namespace IntegrationHub.Core.Audit;

/// <summary>
/// A signed checkpoint of the chain: "up to entry <see cref="UpToSeq"/> the chain's hash was <see cref="Hash"/>",
/// signed at <see cref="Time"/> with the key <see cref="KeyId"/>. Anyone holding the public key can check it; nobody
/// without the private key can make one, so rewriting sealed entries (even recomputing every later hash) shows.
/// </summary>
/// <param name="UpToSeq">The last entry the seal covers.</param>
/// <param name="Hash">That entry's hash.</param>
/// <param name="Time">When the seal was made (UTC, whole microseconds).</param>
/// <param name="Signature">ECDSA P-256 over <see cref="AuditChain.SealPayload"/>, IEEE P1363 (r || s), base64.</param>
/// <param name="KeyId">The signing key's id (<see cref="AuditSigningKey.ComputeKeyId"/>).</param>
public sealed record AuditSeal(long UpToSeq, string Hash, DateTimeOffset Time, string Signature, string KeyId);
