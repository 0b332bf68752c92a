using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.Tests.Matching;

public sealed class MatchModelTests
{
    [Fact]
    public void ToJson_ThenParse_GivesTheSameModel()
    {
        var model = MatchModel.Parse(TestModels.Json);
        var again = MatchModel.Parse(model.ToJson());

        Assert.Equal(model.ToJson(), again.ToJson());
        Assert.Equal("t-1", again.Version);
        Assert.Equal(model.Document.Comparisons[0].TermFrequency!.Values, again.Document.Comparisons[0].TermFrequency!.Values);
    }

    [Fact]
    public void Parse_NewerFormatVersion_SaysSoClearly()
    {
        var json = TestModels.Json.Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal);

        var error = Assert.Throws<MatchModelException>(() => MatchModel.Parse(json));
        Assert.Contains("format version 2 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer build", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "\"format\" must be")]
    [InlineData("[1]", "must hold a JSON object")]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"format\": \"integrationhub.match-model\"}", "\"formatVersion\" is missing")]
    public void Parse_NotAModel_SaysWhy(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<MatchModelException>(() => MatchModel.Parse(json)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_InvalidModel_ListsEveryProblem()
    {
        var json = TestModels.Json
            .Replace("\"test\": \"jaro-winkler\", \"threshold\": 0.9", "\"test\": \"jaro-winkler\"", StringComparison.Ordinal)
            .Replace("{ \"field\": \"nik\" }", "{ \"field\": \"npwp\" }", StringComparison.Ordinal)
            .Replace("\"prior\": 0.0001", "\"prior\": 2", StringComparison.Ordinal);

        var message = Assert.Throws<MatchModelException>(() => MatchModel.Parse(json)).Message;
        Assert.Contains("jaro-winkler needs a threshold", message, StringComparison.Ordinal);
        Assert.Contains("field 'npwp' is not one of the model's fields", message, StringComparison.Ordinal);
        Assert.Contains("prior must be a probability", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownMember_IsRefused()
    {
        var json = TestModels.Json.Replace("\"prior\": 0.0001", "\"prior\": 0.0001, \"priorr\": 3", StringComparison.Ordinal);

        Assert.Contains("priorr", Assert.Throws<MatchModelException>(() => MatchModel.Parse(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-model-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"format\": \"integrationhub.match-model\", \"formatVersion\": 9}");
        try
        {
            var error = Assert.Throws<MatchModelException>(() => MatchModel.Load(path));
            Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadDefault_IsTheShippedModelFile_AndIsTrained()
    {
        var file = MatchModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "person.match.json"));
        var embedded = MatchModel.LoadDefault();

        Assert.Equal(file.ToJson(), embedded.ToJson());
        Assert.Equal("person", embedded.Id);
        Assert.NotNull(embedded.Document.Training);
        Assert.Contains("+trained.", embedded.Version, StringComparison.Ordinal);
        Assert.Equal(
            ["name.normalised", "birthDate", "sex", "nik", "kk", "motherName", "address.villageCode", "address.villageName", "address.postalCode", "phone"],
            embedded.Document.Fields.Select(f => f.Name));
    }

    [Fact]
    public void DefaultModel_FindsABpjsRecordWithoutNik_AndLinksTheSamePerson()
    {
        var engine = new MatchEngine(MatchModel.LoadDefault());
        var dukcapil = engine.Prepare(new Dictionary<string, string?>
        {
            ["name.normalised"] = "SRI WAHYUNI", ["birthDate"] = "1984-07-21", ["sex"] = "female", ["nik"] = "3374016107840003",
            ["kk"] = "3374011502100007", ["motherName"] = "SUMIATI", ["address.villageCode"] = "3374011001", ["address.postalCode"] = "50132",
        });
        var bpjs = engine.Prepare(new Dictionary<string, string?>
        {
            ["name.normalised"] = "SRI WAHYUNI", ["birthDate"] = "1984-07-21", ["sex"] = "female", ["phone"] = "081234567890",
        });
        var sameNameOtherPerson = engine.Prepare(new Dictionary<string, string?>
        {
            ["name.normalised"] = "SRI WAHYUNI", ["birthDate"] = "1990-02-03", ["sex"] = "female", ["nik"] = "3201014302900001",
        });

        Assert.Contains(engine.BlockingKeys(bpjs), engine.BlockingKeys(dukcapil).Contains);
        Assert.Equal(MatchOutcome.Link, engine.Score(dukcapil, bpjs).Outcome);
        Assert.Equal(MatchOutcome.NewPerson, engine.Score(dukcapil, sameNameOtherPerson).Outcome);
    }
}
