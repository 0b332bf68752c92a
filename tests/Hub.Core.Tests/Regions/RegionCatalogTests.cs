using IntegrationHub.Core.Regions;

namespace IntegrationHub.Core.Tests.Regions;

public sealed class RegionCatalogTests
{
    [Fact]
    public void Default_HasThe2025ListDownToVillages()
    {
        var catalog = RegionCatalog.Default;

        Assert.Equal(38, catalog.Provinces.Count);
        Assert.Equal(514, catalog.Regencies.Count);
        Assert.Equal(7285, catalog.Districts.Count);
        Assert.Equal("Keude Bakongan", catalog.Find("1101012001")!.Name);
        Assert.Equal(RegionLevel.Village, catalog.Find("11.01.01.2001")!.Level);
        Assert.Contains(catalog.VillagesOf("110101"), v => v.Code == "1101012001");
    }

    [Fact]
    public void Find_AcceptsDottedAndUndottedCodes()
    {
        Assert.Equal(RegionCatalog.Default.Find("3201"), RegionCatalog.Default.Find("32.01"));
        Assert.Equal("32.01.01", RegionCatalog.Default.Find("320101")!.DottedCode);
        Assert.Null(RegionCatalog.Default.Find("99"));
        Assert.Null(RegionCatalog.Default.Find(null));
    }

    [Fact]
    public void Default_KeepsCodesThatOnlyOlderListsHave()
    {
        var merauke = RegionCatalog.Default.Find("9101");

        Assert.NotNull(merauke);
        Assert.False(merauke.IsCurrent);
        Assert.DoesNotContain(RegionCatalog.Default.Regencies, r => r.Code == "9101");
    }
}
