using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.Tests.Matching;

public sealed class BlockingKeyTests
{
    private readonly MatchEngine _engine = TestModels.Engine();

    [Fact]
    public void BlockingKeys_AreRulePrefixedDeterministicAndOnePerWordForEachTokenRules()
    {
        var keys = _engine.BlockingKeys(_engine.Prepare(TestModels.Person(name: "Hj. Siti Aminah")));

        Assert.Equal(
            [
                "nik:3201011203800001",
                "word_dob:AMINAH|19800312",
                "word_dob:SITI|19800312",
                "sound_year:S300|1980",
                "district:320101|AMINAH SITI",
            ],
            keys);
        Assert.Equal(keys, _engine.BlockingKeys(_engine.Prepare(TestModels.Person(name: "SITI AMINAH"))));
    }

    [Fact]
    public void RuleWithAMissingPart_GivesNoKey()
    {
        var keys = _engine.BlockingKeys(_engine.Prepare(TestModels.Person(nik: null, dob: null)));

        Assert.Equal(["district:320101|BUDI SANTOSO"], keys);
    }

    [Fact]
    public void BpjsRecordWithoutNik_SharesAKeyWithItsDukcapilRecord()
    {
        var dukcapil = _engine.BlockingKeys(_engine.Prepare(TestModels.Person()));
        var bpjs = _engine.BlockingKeys(_engine.Prepare(TestModels.Person(name: "BUDI SANTOSA", nik: null, village: null)));

        Assert.Contains(bpjs, dukcapil.Contains);
    }

    [Fact]
    public void LongKeys_AreCutTo200CharactersAndStayDistinct()
    {
        var words = string.Join(' ', Enumerable.Range(0, 30).Select(i => "NAMA" + (char)('A' + (i % 26)) + (char)('A' + (i / 26))));
        var a = _engine.BlockingKeys(_engine.Prepare(TestModels.Person(name: words + " ZA")));
        var b = _engine.BlockingKeys(_engine.Prepare(TestModels.Person(name: words + " ZB")));

        Assert.All(a.Concat(b), k => Assert.True(k.Length <= 200, k));
        Assert.Equal(200, a.Single(k => k.StartsWith("district:", StringComparison.Ordinal)).Length);
        Assert.NotEqual(a.Single(k => k.StartsWith("district:", StringComparison.Ordinal)), b.Single(k => k.StartsWith("district:", StringComparison.Ordinal)));
    }
}
