using IntegrationHub.Core.Audit;

namespace IntegrationHub.Core.Tests.Audit;

/// <summary>The verifier on chains built in memory; the storage tests tamper with real databases.</summary>
public sealed class AuditChainVerifierTests : IDisposable
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly AuditSigningKey _key = AuditSigningKey.Generate();

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChain.GenesisHash;
        for (var seq = 1; seq <= count; seq++)
        {
            var entry = AuditChain.Link(previous, seq, s_time.AddSeconds(seq), new AuditEvent("person.lookup", "client-" + seq % 3, "purpose", SubjectNik: "320101410190" + seq.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)));
            entries.Add(entry);
            previous = entry.Hash;
        }

        return entries;
    }

    private AuditVerificationResult Verify(IEnumerable<AuditEntry> entries, params AuditSeal[] seals)
    {
        var verifier = new AuditChainVerifier(seals, [_key.PublicOnly()]);
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry))
            {
                break;
            }
        }

        return verifier.Complete(TimeSpan.Zero);
    }

    [Fact]
    public void Verify_UntouchedChainWithSeals_IsOk()
    {
        var chain = Chain(10);

        var result = Verify(chain, _key.Seal(5, chain[4].Hash, s_time), _key.Seal(10, chain[9].Hash, s_time));

        Assert.True(result.Ok, result.FirstProblem?.Message);
        Assert.Equal(10, result.Entries);
        Assert.Equal(2, result.Seals);
        Assert.Equal(10, result.LastSealedSeq);
    }

    [Fact]
    public void Verify_EmptyLog_IsOk()
    {
        Assert.True(Verify([]).Ok);
    }

    [Fact]
    public void Verify_ModifiedEntry_NamesIt()
    {
        var chain = Chain(10);
        chain[6] = chain[6] with { Event = chain[6].Event with { Purpose = "other" } };

        var problem = Verify(chain).FirstProblem!;

        Assert.Equal((7, AuditProblemKind.Modified), (problem.Seq, problem.Kind));
    }

    [Fact]
    public void Verify_DeletedEntry_NamesTheMissingSeq()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);

        var problem = Verify(chain).FirstProblem!;

        Assert.Equal((4, AuditProblemKind.Missing), (problem.Seq, problem.Kind));
    }

    [Fact]
    public void Verify_TwoEntriesSwapped_NamesTheEarlierPosition()
    {
        var chain = Chain(10);
        (chain[2], chain[5]) = (chain[5], chain[2]);

        var problem = Verify(chain).FirstProblem!;

        Assert.Equal(3, problem.Seq);
    }

    [Fact]
    public void Verify_ContentsOfTwoEntriesSwappedKeepingSeqAndHashes_NamesTheEarlierOne()
    {
        var chain = Chain(10);
        var (a, b) = (chain[2], chain[5]);
        chain[2] = a with { Event = b.Event, Time = b.Time };
        chain[5] = b with { Event = a.Event, Time = a.Time };

        var problem = Verify(chain).FirstProblem!;

        Assert.Equal((3, AuditProblemKind.Modified), (problem.Seq, problem.Kind));
    }

    [Fact]
    public void Verify_EntryRewrittenWithEveryLaterHashRecomputed_IsCaughtByTheSeal()
    {
        var chain = Chain(10);
        var seal = _key.Seal(8, chain[7].Hash, s_time);
        var previous = chain[3].PrevHash;
        for (var i = 3; i < chain.Count; i++)
        {
            var content = i == 3 ? chain[i].Event with { Actor = "someone-else" } : chain[i].Event;
            chain[i] = AuditChain.Link(previous, chain[i].Seq, chain[i].Time, content);
            previous = chain[i].Hash;
        }

        Assert.True(Verify(chain).Ok, "without a seal a full rewrite is consistent: that is what seals are for");
        var problem = Verify(chain, seal).FirstProblem!;
        Assert.Equal((8, AuditProblemKind.SealMismatch), (problem.Seq, problem.Kind));
    }

    [Fact]
    public void Verify_SealAlteredOrFromAnUntrustedKey_IsBadSeal()
    {
        var chain = Chain(5);
        using var stranger = AuditSigningKey.Generate();

        var altered = Verify(chain, _key.Seal(5, chain[4].Hash, s_time) with { Time = s_time.AddMinutes(1) }).FirstProblem!;
        var untrusted = Verify(chain, stranger.Seal(5, chain[4].Hash, s_time)).FirstProblem!;

        Assert.Equal((5, AuditProblemKind.BadSeal), (altered.Seq, altered.Kind));
        Assert.Equal((5, AuditProblemKind.BadSeal), (untrusted.Seq, untrusted.Kind));
        Assert.Contains("not a trusted key", untrusted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SealedTailDeleted_IsTruncatedAtTheFirstMissingEntry()
    {
        var chain = Chain(10);
        var seal = _key.Seal(10, chain[9].Hash, s_time);

        var problem = Verify(chain.Take(7), seal).FirstProblem!;

        Assert.Equal((8, AuditProblemKind.Truncated), (problem.Seq, problem.Kind));
    }

    public void Dispose() => _key.Dispose();
}
