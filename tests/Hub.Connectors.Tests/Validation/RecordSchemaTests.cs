using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Validation;

namespace IntegrationHub.Connectors.Tests.Validation;

public sealed class RecordSchemaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-schema-").FullName;

    private static RecordSchema Shipped(string name) => RecordSchema.Load(Path.Combine(AppContext.BaseDirectory, "schemas", "agencies", name + ".schema.json"));

    private static SourceRow Row(params (string Field, string? Value)[] fields) => new(fields.ToDictionary(f => f.Field, f => f.Value), "t", 1, null);

    private static readonly (string, string?)[] s_bpjs = [("noKartu", "0001234567890"), ("nama", "SITI"), ("sex", "P"), ("nik", null)];

    [Fact]
    public void Validate_ConformingRow_Passes()
    {
        Assert.Null(Shipped("bpjs-peserta").Validate(Row(s_bpjs)));
    }

    [Theory]
    [InlineData("noKartu", "12345", "pattern")]
    [InlineData("noKartu", "", "required")]
    [InlineData("nama", null, "required")]
    [InlineData("sex", "X", "enum")]
    public void Validate_BpjsViolation_NamesKeywordAndField(string field, string? value, string keyword)
    {
        var violation = Shipped("bpjs-peserta").Validate(Row([.. s_bpjs.Where(f => f.Item1 != field), (field, value)]));

        Assert.NotNull(violation);
        Assert.Equal(keyword, violation.Keyword);
        Assert.Equal(field, violation.Field);
        if (value is { Length: > 1 })
        {
            Assert.DoesNotContain(value, violation.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_HugeField_IsRefusedByMaxLength()
    {
        var violation = Shipped("dukcapil-biodata").Validate(Row(("NIK", "3201011205900001"), ("NAMA_LGKP", new string('A', 1_000_000))));

        Assert.Equal("maxLength", violation!.Keyword);
        Assert.Equal("NAMA_LGKP", violation.Field);
    }

    [Fact]
    public void Validate_EmptyOptionalField_IsNotChecked()
    {
        Assert.Null(Shipped("dukcapil-biodata").Validate(Row(("NIK", "3201011205900001"), ("KODE_POS", ""))));
        Assert.Equal("pattern", Shipped("dukcapil-biodata").Validate(Row(("KODE_POS", "169")))?.Keyword);
    }

    [Fact]
    public void Load_EveryShippedSchema_Compiles()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "schemas", "agencies"), "*.json"))
        {
            Assert.NotNull(RecordSchema.Load(file));
        }
    }

    [Theory]
    [InlineData("""{ "type": "object", "oneOf": [] }""", "oneOf")]
    [InlineData("""{ "type": "object", "properties": { "A": { "type": "string", "minimum": 3 } } }""", "minimum")]
    public void Load_UnsupportedKeyword_IsRefusedNamingIt(string json, string keyword)
    {
        var path = Path.Combine(_directory, "s.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<FormatException>(() => RecordSchema.Load(path));

        Assert.Contains(keyword, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
