using IntegrationHub.Core.Audit;

namespace IntegrationHub.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 23, 10, 15, 30, TimeSpan.Zero);

    private static AuditEvent Lookup(string nik = "3201014101900003") =>
        new("person.lookup", "bpjs-client", "pelayanan-jkn", nik, Guid.Parse("0b9f2f4e-7a1c-4c7e-9d52-3f6a1c0e8b11"), ["name.full", "birth.date"], "req-1", """{"status":200}""");

    [Fact]
    public void CanonicalText_ListsEveryPartInAFixedOrderWithNullsWritten()
    {
        var text = AuditChain.CanonicalText(7, s_time, new AuditEvent("ingest.batch", "system"));

        Assert.Equal(
            """{"v":1,"seq":7,"time":"2026-11-23T10:15:30.000000Z","action":"ingest.batch","actor":"system","purpose":null,"nik":null,"person":null,"fields":null,"request":null,"detail":null}""",
            text);
    }

    [Fact]
    public void Canonical_TimeInAnotherOffsetOrWithSubMicrosecondTicks_IsTheSameUtcMicrosecond()
    {
        var local = s_time.ToOffset(TimeSpan.FromHours(7)).AddTicks(9);

        Assert.Equal(AuditChain.CanonicalText(1, s_time, Lookup()), AuditChain.CanonicalText(1, local, Lookup()));
    }

    [Fact]
    public void ComputeHash_IsSha256OfThePreviousHashAndTheCanonicalBytes()
    {
        var previous = new string('a', 64);
        var canonical = AuditChain.Canonical(3, s_time, Lookup());
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(previous), .. canonical]));

        Assert.Equal(expected, AuditChain.ComputeHash(previous, 3, s_time, Lookup()));
    }

    public static TheoryData<string, AuditEvent> Changes => new()
    {
        { "action", Lookup() with { Action = "person.search" } },
        { "actor", Lookup() with { Actor = "djp-client" } },
        { "purpose", Lookup() with { Purpose = null } },
        { "nik", Lookup("3201014101900004") },
        { "person", Lookup() with { SubjectPersonId = Guid.Empty } },
        { "fields", Lookup() with { Fields = ["name.full"] } },
        { "field order", Lookup() with { Fields = ["birth.date", "name.full"] } },
        { "request", Lookup() with { RequestId = "req-2" } },
        { "detail", Lookup() with { Detail = """{"status":404}""" } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void ComputeHash_AnyPartChanged_GivesAnotherHash(string part, AuditEvent changed)
    {
        var original = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, s_time, Lookup());

        Assert.True(original != AuditChain.ComputeHash(AuditChain.GenesisHash, 1, s_time, changed), part);
    }

    [Fact]
    public void ComputeHash_SeqTimeOrPreviousHashChanged_GivesAnotherHash()
    {
        var original = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, s_time, Lookup());

        Assert.NotEqual(original, AuditChain.ComputeHash(AuditChain.GenesisHash, 2, s_time, Lookup()));
        Assert.NotEqual(original, AuditChain.ComputeHash(AuditChain.GenesisHash, 1, s_time.AddTicks(10), Lookup()));
        Assert.NotEqual(original, AuditChain.ComputeHash(new string('1', 64), 1, s_time, Lookup()));
    }

    [Fact]
    public void Seal_VerifiesWithThePublicKey_AndFailsWithAnotherKeyOrAlteredContent()
    {
        using var key = AuditSigningKey.Generate();
        using var publicKey = AuditSigningKey.FromPem(key.ExportPublicKeyPem());
        using var other = AuditSigningKey.Generate();
        var hash = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, s_time, Lookup());

        var seal = key.Seal(1, hash, s_time);

        Assert.False(publicKey.HasPrivateKey);
        Assert.Equal(key.KeyId, publicKey.KeyId);
        Assert.True(publicKey.Verify(seal));
        Assert.False(other.Verify(seal));
        Assert.False(other.Verify(seal with { KeyId = other.KeyId }));
        Assert.False(publicKey.Verify(seal with { UpToSeq = 2 }));
        Assert.False(publicKey.Verify(seal with { Hash = new string('0', 64) }));
        Assert.False(publicKey.Verify(seal with { Time = s_time.AddSeconds(1) }));
        Assert.False(publicKey.Verify(seal with { Signature = "not base64!" }));
    }

    [Fact]
    public void FromPem_PrivateKeyPemRoundTrips_PublicKeyCannotSeal_GarbageIsRefusedWithoutQuotingIt()
    {
        using var key = AuditSigningKey.Generate();
        using var again = AuditSigningKey.FromPem(key.ExportPrivateKeyPem());
        using var publicOnly = key.PublicOnly();

        Assert.Equal(key.KeyId, again.KeyId);
        Assert.True(again.HasPrivateKey);
        Assert.True(again.PublicOnly().Verify(key.Seal(5, new string('c', 64), s_time)));
        Assert.Throws<InvalidOperationException>(() => publicOnly.Seal(1, new string('c', 64), s_time));
        var garbage = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----";
        var error = Assert.Throws<ArgumentException>(() => AuditSigningKey.FromPem(garbage));
        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_KeyOnAnotherCurve_IsRefused()
    {
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => AuditSigningKey.FromPem(p384.ExportPkcs8PrivateKeyPem()));
    }
}
