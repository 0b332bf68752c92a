using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.Tests.Matching;

public sealed class ComparisonLevelTests
{
    private readonly MatchEngine _engine = TestModels.Engine();

    private ComparisonScore Level(string comparison, Dictionary<string, string?> a, Dictionary<string, string?> b) =>
        _engine.Score(_engine.Prepare(a), _engine.Prepare(b)).Breakdown.Single(s => s.Comparison == comparison);

    [Theory]
    [InlineData("BUDI SANTOSO", "BUDI SANTOSO", "exact")]
    [InlineData("H. BUDI SANTOSO, S.H.", "BUDI SANTOSO", "exact")]
    [InlineData("SANTOSO BUDI", "BUDI SANTOSO", "same-words")]
    [InlineData("BUDI SANTSO", "BUDI SANTOSO", "dl<=1")]
    [InlineData("BUDI SNATOSO", "BUDI SANTOSO", "dl<=1")]
    [InlineData("BUDY SANTOSA", "BUDI SANTOSO", "jw>=0.9")]
    [InlineData("BUDI", "BUDI SANTOSO", "word-subset")]
    [InlineData("AGUS SALIM", "BUDI SANTOSO", "else")]
    public void Name_FallsInTheFirstLevelItSatisfies(string a, string b, string expected) =>
        Assert.Equal(expected, Level("name", TestModels.Person(name: a), TestModels.Person(name: b)).Level);

    [Theory]
    [InlineData("1980-03-12", "1980-03-12", "exact")]
    [InlineData("1980-12-03", "1980-03-12", "day-month-swap")]
    [InlineData("1980-03-13", "1980-03-12", "one-digit")]
    [InlineData("1981-03-12", "1980-03-12", "one-digit")]
    [InlineData("1979-03-12", "1980-03-12", "year-off")]
    [InlineData("1975-06-01", "1980-03-12", "else")]
    public void Date_Levels(string a, string b, string expected) =>
        Assert.Equal(expected, Level("dob", TestModels.Person(dob: a), TestModels.Person(dob: b)).Level);

    [Theory]
    [InlineData("3201011203800001", "3201011203800001", "exact")]
    [InlineData("3201011203800010", "3201011203800001", "transposition")]
    [InlineData("3201011203800002", "3201011203800001", "one-edit")]
    [InlineData("3201011203800099", "3201011203800001", "else")]
    public void Nik_Levels(string a, string b, string expected) =>
        Assert.Equal(expected, Level("nik", TestModels.Person(nik: a), TestModels.Person(nik: b)).Level);

    [Theory]
    [InlineData("3201012001", "3201012001", "village")]
    [InlineData("3201012002", "3201012001", "district")]
    [InlineData("3201022001", "3201012001", "regency")]
    [InlineData("3202012001", "3201012001", "province")]
    [InlineData("3301012001", "3201012001", "else")]
    public void Region_LevelsByCodePrefix(string a, string b, string expected) =>
        Assert.Equal(expected, Level("region", TestModels.Person(village: a), TestModels.Person(village: b)).Level);

    [Fact]
    public void MissingValue_IsTheNullLevel_WithWeightZero()
    {
        var score = Level("nik", TestModels.Person(nik: null), TestModels.Person());
        Assert.Equal(MatchEngine.NullLevel, score.Level);
        Assert.Equal(0, score.Weight);
        Assert.Equal(MatchEngine.NullLevel, Level("kk", TestModels.Person(), TestModels.Person()).Level);
    }

    [Fact]
    public void Unparsable_Date_IsMissing() =>
        Assert.Equal(MatchEngine.NullLevel, Level("dob", TestModels.Person(dob: "12/03/1980"), TestModels.Person()).Level);

    [Fact]
    public void Score_WeightIsPriorPlusLevels_AndOutcomeFollowsThresholds()
    {
        var a = _engine.Prepare(TestModels.Person());
        var same = _engine.Score(a, _engine.Prepare(TestModels.Person()));
        var other = _engine.Score(a, _engine.Prepare(TestModels.Person(name: "AGUS SALIM", dob: "1975-06-01", nik: "3301010106750002", village: "3301012001")));

        Assert.Equal(_engine.PriorWeight + same.Breakdown.Sum(b => b.Weight), same.Weight, 9);
        Assert.Equal(MatchOutcome.Link, same.Outcome);
        Assert.True(same.Probability > 0.999);
        Assert.Equal(MatchOutcome.NewPerson, other.Outcome);
        Assert.Equal(same.Weight, _engine.MatchWeight(a, _engine.Prepare(TestModels.Person())), 9);
    }

    [Fact]
    public void NameTypoAndDateOnly_WithoutNik_GoesToReview()
    {
        // A BPJS-style record with no NIK and a typo in the name: evidence, but not enough to link automatically.
        var score = _engine.Score(
            _engine.Prepare(TestModels.Person(nik: null, village: null)),
            _engine.Prepare(TestModels.Person(name: "BUDI SANTSO", nik: null, village: null)));
        Assert.Equal(MatchOutcome.Review, score.Outcome);
    }

    [Fact]
    public void TermFrequency_CommonNameWeighsLessThanRareName()
    {
        var common = Level("name", TestModels.Person(name: "SITI AMINAH"), TestModels.Person(name: "SITI AMINAH"));
        var listed = Level("name", TestModels.Person(name: "BUDI SANTOSO"), TestModels.Person(name: "BUDI SANTOSO"));
        var rare = Level("name", TestModels.Person(name: "KARTIKA PUSPITASARI"), TestModels.Person(name: "KARTIKA PUSPITASARI"));
        var unadjusted = Math.Log2(0.8 / 0.001);

        Assert.Equal(unadjusted + Math.Log2(0.001 / 0.02), common.Weight, 9);
        Assert.Equal(unadjusted + Math.Log2(0.001 / 0.0005), listed.Weight, 9);
        Assert.Equal(unadjusted + 2, rare.Weight, 9); // log2(0.001 / 0.0001) = 3.3 bits, capped at maxBoost 2
        Assert.True(common.Weight < listed.Weight && listed.Weight < rare.Weight);
    }
}
