using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;

namespace IntegrationHub.Core.Tests.MasterIndex;

public sealed class DeterministicLinkTests
{
    private const string Nik = "3201011205900001";

    private static SourceRecord Record(bool authority, string? nik = Nik, string birthDate = "1990-05-12", string sex = "male") =>
        new("src", "k", nik is null ? null : IntegrationHub.Core.Identity.Nik.Parse(nik).Value,
            CanonicalRecord.CreateBuilder().Set(CanonicalFields.BirthDate, birthDate, "r").Set(CanonicalFields.Sex, sex, "r").Build(), null, null)
        { IsIdentityAuthority = authority };

    private static Dictionary<string, GoldenValue> Person(string birthDate = "1990-05-12", string sex = "male")
    {
        var p = new Provenance("dukcapil", Nik, Guid.NewGuid(), null, null, DateTimeOffset.UnixEpoch, "r");
        return new() { ["birthDate"] = new GoldenValue(birthDate, p), ["sex"] = new GoldenValue(sex, p) };
    }

    [Fact]
    public void Decide_NoNik_IsUnlinked() => Assert.Equal(LinkOutcome.Unlinked, DeterministicLink.Decide(Record(true, nik: null), null).Outcome);

    [Fact]
    public void Decide_NewNikFromTheAuthority_CreatesThePerson() => Assert.Equal(LinkOutcome.Create, DeterministicLink.Decide(Record(true), null).Outcome);

    [Fact]
    public void Decide_NewNikFromAnotherSource_IsUnlinked()
    {
        var (outcome, reason) = DeterministicLink.Decide(Record(false), null);

        Assert.Equal(LinkOutcome.Unlinked, outcome);
        Assert.Contains("does not issue", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AgreeingRecord_Links() => Assert.Equal(LinkOutcome.Link, DeterministicLink.Decide(Record(false), Person()).Outcome);

    [Theory]
    [InlineData("1990-12-05", "male")]
    [InlineData("1990-05-12", "female")]
    public void Decide_ContradictingRecord_IsUnlinkedEvenFromTheAuthority(string birthDate, string sex)
    {
        var (outcome, reason) = DeterministicLink.Decide(Record(true, birthDate: birthDate, sex: sex), Person());

        Assert.Equal(LinkOutcome.Unlinked, outcome);
        Assert.Contains("contradicts", reason, StringComparison.Ordinal);
    }
}
