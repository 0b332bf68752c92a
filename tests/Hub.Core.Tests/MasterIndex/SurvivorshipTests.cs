using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;

namespace IntegrationHub.Core.Tests.MasterIndex;

public sealed class SurvivorshipTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static GoldenValue Held(string value, string source, DateTimeOffset at) =>
        new(value, new Provenance(source, "k", Guid.NewGuid(), null, null, at, "rule"));

    [Theory]
    [InlineData("dukcapil", "name.full", 100)]
    [InlineData("dukcapil", "bpjs.status", 10)]
    [InlineData("bpjs", "bpjs.status", 100)]
    [InlineData("bpjs", "name.full", 20)]
    [InlineData("djp", "npwp", 100)]
    [InlineData("djp", "tax.status", 100)]
    [InlineData("unknown-agency", "name.full", 0)]
    public void TrustOf_UsesTheLongestMatchingPrefix(string source, string path, int expected)
    {
        Assert.Equal(expected, SurvivorshipPolicy.Default.TrustOf(source, path));
    }

    [Fact]
    public void Replaces_NothingHeld_TakesAnything()
    {
        Assert.True(SurvivorshipPolicy.Default.Replaces(null, "unknown-agency", "name.full", s_t0));
    }

    [Fact]
    public void Replaces_LessTrustedNewer_DoesNotWin()
    {
        Assert.False(SurvivorshipPolicy.Default.Replaces(Held("SITI", "dukcapil", s_t0), "bpjs", "name.full", s_t0.AddDays(10)));
    }

    [Fact]
    public void Replaces_MoreTrustedOlder_Wins()
    {
        Assert.True(SurvivorshipPolicy.Default.Replaces(Held("0001", "dukcapil", s_t0), "bpjs", "bpjs.cardNumber", s_t0.AddDays(-10)));
    }

    [Fact]
    public void Replaces_EqualTrust_NewerWins()
    {
        var policy = new SurvivorshipPolicy(new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["a"] = new Dictionary<string, int> { [""] = 5 },
            ["b"] = new Dictionary<string, int> { [""] = 5 },
        });

        Assert.True(policy.Replaces(Held("x", "a", s_t0), "b", "phone", s_t0.AddSeconds(1)));
        Assert.False(policy.Replaces(Held("x", "a", s_t0), "b", "phone", s_t0.AddSeconds(-1)));
    }

    [Fact]
    public void Replaces_SameSource_AlwaysWins()
    {
        Assert.True(SurvivorshipPolicy.Default.Replaces(Held("x", "bpjs", s_t0), "bpjs", "name.full", s_t0.AddDays(-1)));
    }

    [Fact]
    public void Changes_ReportsOnlyFieldsThatChangeAndKeepsAbsentOnes()
    {
        var current = new Dictionary<string, GoldenValue>
        {
            ["name.full"] = Held("BUDI", "dukcapil", s_t0),
            ["address.street"] = Held("JL. LAMA", "dukcapil", s_t0),
            ["occupation"] = Held("PETANI", "dukcapil", s_t0),
        };
        var incoming = new SourceRecord(
            "dukcapil",
            "3201011205900001",
            Nik.Parse("3201011205900001").Value,
            CanonicalRecord.CreateBuilder()
                .Set(CanonicalFields.FullName, "BUDI", "NAMA_LGKP")
                .Set(CanonicalFields.Street, "JL. BARU", "ALAMAT")
                .Set(CanonicalFields.Phone, "08123", "TELP")
                .Build(),
            "f.csv",
            9);
        var run = Guid.NewGuid();

        var changes = GoldenRecordMerger.Changes(current, incoming, run, s_t0.AddDays(1), SurvivorshipPolicy.Default, 42);

        Assert.Equal(["address.street", "phone"], changes.Select(c => c.Path).Order(StringComparer.Ordinal));
        var street = changes.Single(c => c.Path == "address.street");
        Assert.Equal("JL. LAMA", street.OldValue);
        Assert.Equal("JL. BARU", street.NewValue);
        Assert.Equal(new Provenance("dukcapil", "3201011205900001", run, "f.csv", 9, s_t0.AddDays(1), "ALAMAT", 42), street.Provenance);
    }
}
