using IntegrationHub.Core.Regions;

namespace IntegrationHub.Core.Tests.Synthetic;

public sealed class PopulationTableTests
{
    [Fact]
    public void Default_Total_IsTheNational2025Figure()
    {
        Assert.Equal(284_973_643L, PopulationTable.Default.Total);
    }

    [Fact]
    public void Default_Regencies_SumToTheNationalTotal()
    {
        // The data's regency rows add up exactly to the sum of its province rows.
        var table = PopulationTable.Default;
        Assert.Equal(table.Total, table.Regencies.Sum(r => r.Total));
    }

    [Fact]
    public void Default_Regencies_AreThe514CurrentRegenciesWithUndottedCodes()
    {
        var table = PopulationTable.Default;
        Assert.Equal(514, table.Regencies.Count);
        Assert.All(table.Regencies, r =>
        {
            Assert.Matches("^[0-9]{4}$", r.Code);
            Assert.Equal(r.Total, r.Male + r.Female);
            Assert.True(r.Total > 0);
            Assert.False(string.IsNullOrWhiteSpace(r.Name));
            Assert.Equal(RegionLevel.Regency, RegionCatalog.Default.Find(r.Code)?.Level);
        });
        Assert.Equal(table.Regencies.Count, table.Regencies.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Default_KnownRegencies_HaveTheirPublishedFigures()
    {
        var byCode = PopulationTable.Default.Regencies.ToDictionary(r => r.Code, StringComparer.Ordinal);
        Assert.Equal(new RegencyPopulation("1101", "Kabupaten Aceh Selatan", 120_041, 119_588, 239_629), byCode["1101"]);
        Assert.Equal(51_316_378L, byCode.Values.Where(r => r.Code.StartsWith("32", StringComparison.Ordinal)).Sum(r => r.Total));
    }

    [Fact]
    public void Default_IsLoadedOnce()
    {
        Assert.Same(PopulationTable.Default, PopulationTable.Default);
    }
}
