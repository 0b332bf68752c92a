using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Core.Tests.Synthetic;

public sealed class NameComposerTests
{
    [Theory]
    [InlineData("SUPARMAN", "SOEPARMAN")]
    [InlineData("JOKO WIDODO", "DJOKO WIDODO")]
    [InlineData("CAHYONO", "TJAHJONO")]
    [InlineData("SRI WAHYUNI", "SRI WAHJOENI")]
    [InlineData("KHOIRUL ANWAR", "CHOIROEL ANWAR")]
    [InlineData("NYOMAN", "NJOMAN")]
    public void ToOldSpelling_Full_RewritesEveryOldSpellingRule(string modern, string old)
    {
        Assert.Equal(old, NameComposer.ToOldSpelling(modern, partial: false));
    }

    [Theory]
    [InlineData("SUPARMAN", "SOEPARMAN")]
    [InlineData("JOKO SUSANTO", "JOKO SOESANTO")]
    public void ToOldSpelling_Partial_OnlyWritesOeForU(string modern, string old)
    {
        Assert.Equal(old, NameComposer.ToOldSpelling(modern, partial: true));
    }

    [Theory]
    [InlineData("ABDUL RAHMAN RAHMAN", "ABDUL RAHMAN")]
    [InlineData("SRI SRI ASTUTI", "SRI ASTUTI")]
    [InlineData("I MADE SUDARMA", "I MADE SUDARMA")]
    [InlineData("LIE KIM LIE", "LIE KIM LIE")]
    public void WithoutRepeatedWords_DropsOnlyAWordThatRepeatsItsPredecessor(string name, string expected)
    {
        Assert.Equal(expected, NameComposer.WithoutRepeatedWords(name));
    }

    [Fact]
    public void NamePools_HaveAtLeastFortyNamesPerSexForEachMajorTradition()
    {
        string[][] pools =
        [
            NamePools.ArabicMale, NamePools.ArabicFemale, NamePools.ModernMale, NamePools.ModernFemale,
            NamePools.JavaneseMononymMale, NamePools.JavaneseMononymFemale, NamePools.JavaneseFirstMale, NamePools.JavaneseFirstFemale,
            NamePools.SundaneseMale, NamePools.SundaneseFemale, NamePools.BetawiMale, NamePools.BetawiFemale,
            NamePools.MalayMale, NamePools.MalayFemale, NamePools.MinangMale, NamePools.MinangFemale,
            NamePools.AcehneseMale, NamePools.AcehneseFemale, NamePools.BugisMale, NamePools.BugisFemale,
            NamePools.BatakMale, NamePools.BatakFemale, NamePools.BalineseMale, NamePools.BalineseFemale,
            NamePools.ChristianMale, NamePools.ChristianFemale, NamePools.ManadoMale, NamePools.ManadoFemale,
            NamePools.PapuanMale, NamePools.PapuanFemale, NamePools.ChineseGivenMale, NamePools.ChineseGivenFemale,
        ];

        Assert.All(pools, pool =>
        {
            Assert.True(pool.Distinct(StringComparer.Ordinal).Count() >= 40, string.Join(",", pool.Take(3)));
            Assert.All(pool, name => Assert.Matches("^[A-Z][A-Z' .-]*[A-Z]$", name));
        });
    }

    [Fact]
    public void Compose_NeverRepeatsTheSameWordTwiceInARow()
    {
        var composer = new NameComposer(new Random(3));
        foreach (var group in Enum.GetValues<NameGroup>())
        {
            for (var i = 0; i < 500; i++)
            {
                var name = composer.Compose(group, i % 2 == 0 ? Sex.Male : Sex.Female, 1940 + (i % 85), muslim: i % 3 != 0, "32", familyName: null);
                var words = name.Split(' ');
                Assert.DoesNotContain(words.Zip(words.Skip(1)), pair => pair.First == pair.Second);
                Assert.All(words, w => Assert.NotEmpty(w));
            }
        }
    }
}
