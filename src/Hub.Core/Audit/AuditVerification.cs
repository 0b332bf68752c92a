namespace IntegrationHub.Core.Audit;

/// <summary>What is wrong at the first bad place of the chain.</summary>
public enum AuditProblemKind
{
    /// <summary>An entry's stored hash is not the hash of its content: it was modified (or another entry's content moved there).</summary>
    Modified = 1,
    /// <summary>An entry's sequence number is not the one expected: entries before it were deleted, or entries were reordered.</summary>
    Missing,
    /// <summary>An entry's previous hash is not the hash of the entry before it: entries were deleted, inserted or reordered.</summary>
    Unlinked,
    /// <summary>A seal's signature does not verify, or it was made by a key the verifier does not trust.</summary>
    BadSeal,
    /// <summary>A seal's hash is not the chain's hash at its sequence number: sealed entries were rewritten.</summary>
    SealMismatch,
    /// <summary>A seal covers entries that are no longer there: the end of the chain was deleted.</summary>
    Truncated,
}

/// <summary>The first bad place of the chain: the entry (or seal) at <see cref="Seq"/> and what is wrong there.</summary>
public sealed record AuditProblem(long Seq, AuditProblemKind Kind, string Message);

/// <summary>The outcome of verifying the whole chain.</summary>
/// <param name="Entries">Entries checked (up to the first problem).</param>
/// <param name="Seals">Seals checked.</param>
/// <param name="LastSeq">The last entry's sequence number (0 for an empty log).</param>
/// <param name="LastSealedSeq">The last sequence number covered by a good seal (0 when none).</param>
/// <param name="FirstProblem">The first bad entry or seal; null when the chain verifies.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record AuditVerificationResult(long Entries, long Seals, long LastSeq, long LastSealedSeq, AuditProblem? FirstProblem, TimeSpan Elapsed)
{
    /// <summary>True when every entry and seal checks out.</summary>
    public bool Ok => FirstProblem is null;
}

/// <summary>
/// Verifies the chain as it streams past, in sequence order, in constant memory (apart from the seals, which are
/// few): recomputes every hash, checks that sequence numbers run 1, 2, 3 ... and that each entry names its
/// predecessor's hash, and checks every seal's signature and that its hash is the chain's hash at its sequence
/// number. Stops at the first problem.
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly IReadOnlyList<AuditSigningKey> _keys;
    private readonly SortedDictionary<long, List<AuditSeal>> _seals = [];
    private string _previousHash = AuditChain.GenesisHash;
    private long _expectedSeq = 1;
    private long _lastSealed;
    private long _sealsChecked;

    /// <param name="seals">Every seal, in any order.</param>
    /// <param name="trustedKeys">The public keys whose seals are accepted.</param>
    public AuditChainVerifier(IEnumerable<AuditSeal> seals, IReadOnlyList<AuditSigningKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(seals);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        _keys = trustedKeys;
        foreach (var seal in seals)
        {
            if (!_seals.TryGetValue(seal.UpToSeq, out var list))
            {
                _seals[seal.UpToSeq] = list = [];
            }

            list.Add(seal);
        }
    }

    /// <summary>Entries checked so far.</summary>
    public long Entries => _expectedSeq - 1;

    /// <summary>The first problem found; once set, <see cref="Add"/> checks nothing more.</summary>
    public AuditProblem? Problem { get; private set; }

    /// <summary>Checks the next entry (in stored sequence order). Returns false once a problem was found.</summary>
    public bool Add(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Problem is not null)
        {
            return false;
        }

        if (entry.Seq != _expectedSeq)
        {
            var message = entry.Seq > _expectedSeq
                ? $"entry {_expectedSeq} is missing (the next entry stored is {entry.Seq}): deleted"
                : $"entry {entry.Seq} appears after entry {_expectedSeq - 1}: duplicated or reordered";
            Problem = new AuditProblem(_expectedSeq, AuditProblemKind.Missing, message);
            return false;
        }

        var recomputed = AuditChain.ComputeHash(entry.PrevHash, entry.Seq, entry.Time, entry.Event);
        if (!string.Equals(recomputed, entry.Hash, StringComparison.Ordinal))
        {
            Problem = new AuditProblem(entry.Seq, AuditProblemKind.Modified, $"entry {entry.Seq} ({entry.Event.Action}) does not match its hash: its content was modified or moved");
            return false;
        }

        if (!string.Equals(entry.PrevHash, _previousHash, StringComparison.Ordinal))
        {
            Problem = new AuditProblem(entry.Seq, AuditProblemKind.Unlinked, $"entry {entry.Seq} does not follow entry {entry.Seq - 1} (its previous hash differs): entries were deleted, inserted or reordered");
            return false;
        }

        if (_seals.TryGetValue(entry.Seq, out var seals))
        {
            foreach (var seal in seals)
            {
                if (!CheckSeal(seal, entry.Hash))
                {
                    return false;
                }
            }
        }

        _previousHash = entry.Hash;
        _expectedSeq++;
        return true;
    }

    /// <summary>
    /// Finishes: reports seals beyond the last entry (a deleted tail), and entries missing up to
    /// <paramref name="headSeq"/>, the last sequence number the log's head recorded before the entries were read.
    /// </summary>
    public AuditVerificationResult Complete(TimeSpan elapsed, long headSeq = 0)
    {
        if (Problem is null && _seals.Keys.LastOrDefault() is var lastSeal && lastSeal >= _expectedSeq)
        {
            Problem = new AuditProblem(_expectedSeq, AuditProblemKind.Truncated, $"entry {_expectedSeq} is missing: a seal covers entries up to {lastSeal}, the log ends at {_expectedSeq - 1}: deleted");
        }
        else if (Problem is null && headSeq >= _expectedSeq)
        {
            Problem = new AuditProblem(_expectedSeq, AuditProblemKind.Truncated, $"entry {_expectedSeq} is missing: the chain's head is at {headSeq}, the log ends at {_expectedSeq - 1}: deleted");
        }

        return new AuditVerificationResult(Entries, _sealsChecked, _expectedSeq - 1, _lastSealed, Problem, elapsed);
    }

    private bool CheckSeal(AuditSeal seal, string chainHash)
    {
        var key = _keys.FirstOrDefault(k => string.Equals(k.KeyId, seal.KeyId, StringComparison.Ordinal));
        if (key is null)
        {
            Problem = new AuditProblem(seal.UpToSeq, AuditProblemKind.BadSeal, $"the seal up to entry {seal.UpToSeq} was made with key {seal.KeyId}, which is not a trusted key");
            return false;
        }

        if (!key.Verify(seal))
        {
            Problem = new AuditProblem(seal.UpToSeq, AuditProblemKind.BadSeal, $"the seal up to entry {seal.UpToSeq} has an invalid signature: the seal was altered");
            return false;
        }

        if (!string.Equals(seal.Hash, chainHash, StringComparison.Ordinal))
        {
            Problem = new AuditProblem(seal.UpToSeq, AuditProblemKind.SealMismatch, $"the chain's hash at entry {seal.UpToSeq} is not the sealed one: entries up to {seal.UpToSeq} were rewritten");
            return false;
        }

        _sealsChecked++;
        _lastSealed = Math.Max(_lastSealed, seal.UpToSeq);
        return true;
    }
}
