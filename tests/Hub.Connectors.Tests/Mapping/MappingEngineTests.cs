using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Mapping;
using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Connectors.Tests.Mapping;

public sealed class MappingEngineTests
{
    private static CompiledMapping Shipped(string name) => CompiledMapping.Load(Path.Combine(AppContext.BaseDirectory, "mappings", name + ".json"));

    private static SourceRow Row(params (string Field, string? Value)[] fields) =>
        new(fields.ToDictionary(f => f.Field, f => f.Value), "test", 7, "raw");

    private static readonly (string, string?)[] s_bpjs =
    [
        ("noKartu", "0001234567890"), ("nik", "3201015205900002"), ("nama", "hj.  siti   aminah"), ("sex", "P"), ("tglLahir", "1990-05-12"),
        ("jenisPeserta.kode", "14"), ("jenisPeserta.keterangan", "pbi (apbn)"), ("statusPeserta.keterangan", "aktif"),
        ("noTelepon", "0812-3456-7890"), ("alamat", "jl. merdeka 1"), ("lastUpdate", "2024-03-01 09:30:00"),
    ];

    [Fact]
    public void Bpjs_GoodRecord_MapsEveryRule()
    {
        var result = Shipped("bpjs").Map(Row(s_bpjs));

        Assert.Null(result.Quarantined);
        Assert.Equal("0001234567890", result.SourceKey);
        var c = result.Record!;
        Assert.Equal("0001234567890", c[CanonicalFields.BpjsCardNumber]);
        Assert.Equal("3201015205900002", c[CanonicalFields.Nik]);
        Assert.Equal("HJ. SITI AMINAH", c[CanonicalFields.FullName]);
        Assert.Equal("SITI AMINAH", c[CanonicalFields.NormalisedName]);
        Assert.Equal("female", c[CanonicalFields.Sex]);
        Assert.Equal("1990-05-12", c[CanonicalFields.BirthDate]);
        Assert.Equal("PBI (APBN)", c[CanonicalFields.BpjsSegment]);
        Assert.Equal("AKTIF", c[CanonicalFields.BpjsStatus]);
        Assert.Equal("081234567890", c[CanonicalFields.Phone]);
        Assert.Equal("2024-03-01T09:30:00+07:00", c[CanonicalFields.UpdatedAt]);
        Assert.Equal("bpjs v1: tglLahir -> birthDate", c.Values[CanonicalFields.BirthDate.Path].Rule);
    }

    [Theory]
    [InlineData("320101520590002")]
    [InlineData("3201011305900000")]
    public void Bpjs_InvalidNik_IsDroppedAndTheRecordKept(string nik)
    {
        var result = Shipped("bpjs").Map(Row([.. s_bpjs.Where(f => f.Item1 != "nik"), ("nik", nik)]));

        Assert.NotNull(result.Record);
        Assert.Null(result.Record[CanonicalFields.Nik]);
        Assert.Equal("0001234567890", result.Record[CanonicalFields.BpjsCardNumber]);
    }

    [Fact]
    public void Bpjs_MissingNik_IsNoProblem()
    {
        var result = Shipped("bpjs").Map(Row([.. s_bpjs.Where(f => f.Item1 != "nik"), ("nik", "")]));

        Assert.NotNull(result.Record);
        Assert.Null(result.Record[CanonicalFields.Nik]);
    }

    [Theory]
    [InlineData("tglLahir", "12-05-1990", "date.Invalid")]
    [InlineData("sex", "X", "code.Unknown")]
    [InlineData("nama", "  ", "field.Required")]
    [InlineData("noKartu", "", "field.Required")]
    public void Bpjs_BadValue_IsQuarantinedNamingTheRule(string field, string value, string reason)
    {
        var result = Shipped("bpjs").Map(Row([.. s_bpjs.Where(f => f.Item1 != field), (field, value)]));

        Assert.Null(result.Record);
        Assert.Equal(reason, result.Quarantined!.Reason);
        Assert.Equal(field, result.Quarantined.Field);
        Assert.Equal(7, result.Quarantined.Line);
        Assert.Equal("raw", result.Quarantined.RawRecord);
        if (value.Length > 3)
        {
            Assert.DoesNotContain(value, result.Quarantined.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("01.234.567.8-901.000", "0012345678901000")]
    [InlineData("012345678901000", "0012345678901000")]
    [InlineData("3201015205900002", "3201015205900002")]
    public void Djp_Npwp_IsNormalisedTo16Digits(string npwp, string expected)
    {
        var result = Shipped("djp").Map(Row(("NPWP", npwp), ("NAMA_WP", "BUDI"), ("ALAMAT", "JL. KENANGA RT 3 RW 12"), ("STATUS_WP", "NE"), ("KODE_POS", "1691")));

        Assert.Equal(expected, result.Record![CanonicalFields.Npwp]);
        Assert.Equal("003", result.Record[CanonicalFields.Rt]);
        Assert.Equal("012", result.Record[CanonicalFields.Rw]);
        Assert.Equal("ne", result.Record[CanonicalFields.TaxStatus]);
        Assert.Equal("01691", result.Record[CanonicalFields.PostalCode]);
    }

    [Theory]
    [InlineData("1234567890123")]
    [InlineData("01.234.567.8-901.00X")]
    public void Djp_BadNpwp_IsQuarantined(string npwp)
    {
        var result = Shipped("djp").Map(Row(("NPWP", npwp), ("NAMA_WP", "BUDI")));

        Assert.Equal("npwp.Invalid", result.Quarantined!.Reason);
    }

    [Fact]
    public void ConcatSplitConstantAndCondition_Work()
    {
        var mapping = CompiledMapping.Compile(new MappingDefinition
        {
            Source = "kab",
            KeyField = "id",
            Rules =
            [
                new MappingRule { Target = "name.full", Concat = ["depan", "belakang"] },
                new MappingRule { Target = "address.rt", From = "rtrw", Transforms = [new MappingTransform { Op = "split", SeparatorText = "/", Index = 0 }, new MappingTransform { Op = "pad", Width = 3 }] },
                new MappingRule { Target = "address.rw", From = "rtrw", Transforms = [new MappingTransform { Op = "split", SeparatorText = "/", Index = 1 }, new MappingTransform { Op = "pad", Width = 3 }] },
                new MappingRule { Target = "vital.status", Constant = "deceased", When = new MappingCondition { Field = "mati", In = ["Y", "1"] } },
                new MappingRule { Target = "vital.status", Constant = "alive", When = new MappingCondition { Field = "mati", In = ["N", "0"] } },
            ],
        });

        var dead = mapping.Map(Row(("id", "1"), ("depan", "BUDI"), ("belakang", ""), ("rtrw", "4/11"), ("mati", "y"))).Record!;
        var alive = mapping.Map(Row(("id", "2"), ("depan", "SRI"), ("belakang", "WAHYUNI"), ("rtrw", "4"), ("mati", "0"))).Record!;

        Assert.Equal("BUDI", dead[CanonicalFields.FullName]);
        Assert.Equal("004", dead[CanonicalFields.Rt]);
        Assert.Equal("011", dead[CanonicalFields.Rw]);
        Assert.Equal("deceased", dead[CanonicalFields.VitalStatus]);
        Assert.Equal("SRI WAHYUNI", alive[CanonicalFields.FullName]);
        Assert.Null(alive[CanonicalFields.Rw]);
        Assert.Equal("alive", alive[CanonicalFields.VitalStatus]);
    }

    [Fact]
    public void Compile_BadDefinition_ListsEveryProblem()
    {
        var error = Assert.Throws<MappingDefinitionException>(() => CompiledMapping.Compile(new MappingDefinition
        {
            Source = "x",
            KeyField = "id",
            Rules =
            [
                new MappingRule { Target = "name.nickname", From = "a" },
                new MappingRule { Target = "birthDate", From = "b", Transforms = [new MappingTransform { Op = "date" }] },
                new MappingRule { Target = "sex", From = "c", Transforms = [new MappingTransform { Op = "shout" }] },
                new MappingRule { Target = "phone" },
                new MappingRule { Target = "kk", From = "d", Transforms = [new MappingTransform { Op = "regex", Pattern = "([" }] },
                new MappingRule { Target = "npwp", From = "e", OnError = "ignore" },
            ],
        }));

        Assert.Contains("name.nickname", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs formats", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown transform", error.Message, StringComparison.Ordinal);
        Assert.Contains("exactly one of from, concat or constant", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid regular expression", error.Message, StringComparison.Ordinal);
        Assert.Contains("onError must be quarantine or drop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedMappings_TargetOnlyCanonicalFields()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "mappings"), "*.json"))
        {
            var mapping = CompiledMapping.Load(file);
            Assert.NotEmpty(mapping.Definition.Rules);
        }
    }
}
