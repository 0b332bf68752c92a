using IntegrationHub.Storage.Statistics;

namespace IntegrationHub.Storage.Tests.Statistics;

public sealed class CellSuppressionTests
{
    private static IReadOnlyList<PublishedProvince> Apply(int k, params RegionCounts[] counts) => CellSuppression.Apply(counts, k);

    [Fact]
    public void Apply_SmallCell_IsSuppressedWithItsSmallestNeighbourSoTheTotalDoesNotGiveItAway()
    {
        var province = Assert.Single(Apply(
            10,
            new RegionCounts("35", "3501", 50, 2, 50, 50),
            new RegionCounts("35", "3502", 60, 10, 0, 60),
            new RegionCounts("35", "3503", 80, 30, 0, 80)));

        Assert.Equal(30L + 10 + 2, province.Total.Deceased);
        Assert.Null(province.Regencies[0].Counts.Deceased);
        // 3502 (10) is the smallest published deceased count: suppressed too, so 42 - 30 = 12 is the sum of two unknowns.
        Assert.Null(province.Regencies[1].Counts.Deceased);
        Assert.Equal(30, province.Regencies[2].Counts.Deceased);
        Assert.Equal(["deceased"], province.Regencies[1].Counts.Suppressed);
    }

    [Fact]
    public void Apply_OnlyRegencyOfAProvinceSuppressed_SuppressesTheProvinceTotal()
    {
        var province = Assert.Single(Apply(10, new RegionCounts("33", "3301", 12, 1, 12, 12)));

        Assert.Null(province.Regencies[0].Counts.Deceased);
        Assert.Null(province.Total.Deceased);
        Assert.Equal(12, province.Total.Persons);
    }

    [Fact]
    public void Apply_SmallRestOfThePersons_SuppressesThePart()
    {
        // 48 of 50 hold an NPWP: the two without one would be singled out.
        var province = Assert.Single(Apply(10, new RegionCounts("35", "3501", 50, 0, 0, 48), new RegionCounts("35", "3502", 50, 0, 0, 20), new RegionCounts("35", "3503", 50, 0, 0, 30)));

        Assert.Null(province.Regencies[0].Counts.NpwpHolders);
        Assert.Equal(0, province.Regencies[0].Counts.Deceased);
        Assert.Equal(50, province.Regencies[0].Counts.Persons);
    }

    [Fact]
    public void Apply_CellOfExactlyK_IsPublished()
    {
        var province = Assert.Single(Apply(10, new RegionCounts("32", "3205", 10, 0, 10, 10), new RegionCounts("32", "3206", 20, 0, 20, 20)));

        Assert.Equal(new PublishedCounts(10, 0, 10, 10, []), province.Regencies[0].Counts with { Suppressed = [] });
        Assert.Empty(province.Regencies[0].Counts.Suppressed);
    }

    [Fact]
    public void Apply_RandomIndexes_NoSuppressedCellIsEverDerivableFromAPublishedTotal()
    {
        var random = new Random(20251123);
        for (var trial = 0; trial < 2000; trial++)
        {
            var k = random.Next(2, 12);
            var counts = new List<RegionCounts>();
            foreach (var province in new[] { "11", "32", "35" })
            {
                for (var r = 0; r < random.Next(1, 6); r++)
                {
                    var persons = random.Next(0, 4) == 0 ? random.Next(1, k + 2) : random.Next(1, 200);
                    var deceased = random.Next(0, 3) == 0 ? persons - random.Next(0, Math.Min(persons, k) + 1) : random.Next(0, persons + 1);
                    counts.Add(new RegionCounts(province, province + r.ToString("D2"), persons, deceased, random.Next(0, persons + 1), random.Next(0, persons + 1)));
                }
            }

            foreach (var province in CellSuppression.Apply(counts, k))
            {
                var exact = counts.Where(c => c.ProvinceCode == province.ProvinceCode).ToList();
                for (var m = 0; m < StatisticsMeasures.All.Count; m++)
                {
                    var cells = province.Regencies.Select(r => Values(r.Counts)[m]).ToList();
                    var total = Values(province.Total)[m];
                    var hidden = cells.Count(c => c is null);
                    // With the total published, one hidden cell would be the total minus the others.
                    Assert.False(total is not null && hidden == 1, $"trial {trial}: a lone suppressed cell under a published total");
                    // With every cell published, a hidden total would be their sum.
                    Assert.False(total is null && hidden == 0, $"trial {trial}: a suppressed total with every cell published");
                    for (var i = 0; i < cells.Count; i++)
                    {
                        var value = exact[i].Values[m];
                        var rest = exact[i].Persons - value;
                        var small = (value > 0 && value < k) || (m > 0 && rest > 0 && rest < k);
                        Assert.False(small && cells[i] is not null, $"trial {trial}: a small cell ({value} of {exact[i].Persons}, k {k}) was published");
                        Assert.True(cells[i] is null || cells[i] == value, "a published value differs from the count");
                    }
                }
            }
        }
    }

    private static long?[] Values(PublishedCounts counts) => [counts.Persons, counts.Deceased, counts.BpjsMembers, counts.NpwpHolders];
}
