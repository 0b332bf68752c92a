using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Core.Tests.Canonical;

public sealed class CanonicalRecordTests
{
    [Fact]
    public void ContentHash_SameValuesInAnyOrderAndWithOtherRules_IsEqual()
    {
        var a = CanonicalRecord.CreateBuilder().Set(CanonicalFields.FullName, "BUDI", "r1").Set(CanonicalFields.BirthPlace, "BOGOR", "r2").Build();
        var b = CanonicalRecord.CreateBuilder().Set(CanonicalFields.BirthPlace, " BOGOR ", "x").Set(CanonicalFields.FullName, "BUDI", "y").Build();

        Assert.Equal(a.ContentHash(), b.ContentHash());
    }

    [Fact]
    public void ContentHash_DifferentValue_Differs()
    {
        var a = CanonicalRecord.CreateBuilder().Set(CanonicalFields.FullName, "BUDI", "r").Build();
        var b = CanonicalRecord.CreateBuilder().Set(CanonicalFields.FullName, "BUDI S", "r").Build();

        Assert.NotEqual(a.ContentHash(), b.ContentHash());
    }

    [Fact]
    public void ContentHash_ValueMovedToAnotherField_Differs()
    {
        var a = CanonicalRecord.CreateBuilder().Set(CanonicalFields.FullName, "BUDI", "r").Build();
        var b = CanonicalRecord.CreateBuilder().Set(CanonicalFields.MotherName, "BUDI", "r").Build();

        Assert.NotEqual(a.ContentHash(), b.ContentHash());
    }

    [Fact]
    public void Builder_DropsBlankValues()
    {
        var record = CanonicalRecord.CreateBuilder().Set(CanonicalFields.FullName, "  ", "r").Set(CanonicalFields.Kk, null, "r").Build();

        Assert.Empty(record.Values);
        Assert.Null(record[CanonicalFields.FullName]);
    }
}
