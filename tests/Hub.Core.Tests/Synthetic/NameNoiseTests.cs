using IntegrationHub.Core.Names;
using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Core.Tests.Synthetic;

public sealed class NameNoiseTests
{
    private static string Apply(string name, Action<NameNoise> change)
    {
        var parts = NameNoise.Parse(name);
        change(parts);
        return parts.ToString();
    }

    [Theory]
    [InlineData("H. AHMAD FAUZI, S.PD")]
    [InlineData("DRS. BUDI SANTOSO")]
    [InlineData("SITI AMINAH, A.MD.KEB")]
    [InlineData("I MADE WIRAWAN")]
    public void Parse_ThenToString_GivesTheNameBack(string name) =>
        Assert.Equal(name, NameNoise.Parse(name).ToString());

    [Fact]
    public void ChangeTitle_DropsWrittenTitlesAndDegrees_OrAddsOne()
    {
        Assert.Equal("AHMAD FAUZI", Apply("H. AHMAD FAUZI, S.PD", p => p.ChangeTitle(50, female: false, muslim: true, new Random(1))));
        var added = Apply("AHMAD FAUZI", p => p.ChangeTitle(50, female: false, muslim: true, new Random(1)));
        Assert.NotEqual("AHMAD FAUZI", added);
        // Titles and degrees are what the hub's normaliser removes: the matching key is unchanged.
        Assert.Equal(IndonesianNameNormaliser.Normalise("AHMAD FAUZI").Normalised, IndonesianNameNormaliser.Normalise(added).Normalised);
        Assert.False(NameNoise.Parse("RIZKY PRATAMA").CanChangeTitle(age: 12));
    }

    [Fact]
    public void ChangeSpelling_ListedVariantOrOldSpelling()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var variant = Apply("MUHAMMAD", p => p.ChangeSpelling(new Random(seed)));
            Assert.NotEqual("MUHAMMAD", variant);
            Assert.Equal("MUHAMMAD", IndonesianNameNormaliser.Normalise(variant + " RIZKY").Normalised.Split(' ')[0]);
        }

        Assert.Equal("SOEKARNO", Apply("SUKARNO", p => p.ChangeSpelling(new Random(1))));
        Assert.Equal("JOKO", Apply("DJOKO", p => p.ChangeSpelling(new Random(1))));
        Assert.False(NameNoise.Parse("ANI").CanChangeSpelling());
    }

    [Fact]
    public void DropMiddle_And_Abbreviate_KeepFirstAndLastWords()
    {
        Assert.Equal("DEWI LESTARI", Apply("DEWI AYU LESTARI", p => p.DropMiddle(new Random(3))));
        Assert.False(NameNoise.Parse("DEWI LESTARI").CanDropMiddle());
        var abbreviated = Apply("DEWI AYU LESTARI", p => p.Abbreviate(new Random(3)));
        Assert.Matches(@"^(D\. AYU LESTARI|DEWI A\. LESTARI|DEWI AYU L\.)$", abbreviated);
        Assert.False(NameNoise.Parse("M. ALI").CanAbbreviate());
    }

    [Fact]
    public void TypoIn_AlwaysChangesTheWordByOneEdit()
    {
        var random = new Random(9);
        for (var i = 0; i < 2_000; i++)
        {
            var typo = NameNoise.TypoIn("SUSANTO", random);
            Assert.NotEqual("SUSANTO", typo);
            Assert.InRange(typo.Length, 6, 8);
            Assert.All(typo, c => Assert.InRange(c, 'A', 'Z'));
        }
    }
}
