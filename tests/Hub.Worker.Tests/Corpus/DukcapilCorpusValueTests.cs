using System.Diagnostics;
using System.Text;
using static IntegrationHub.Worker.Tests.Corpus.CorpusHarness;

namespace IntegrationHub.Worker.Tests.Corpus;

/// <summary>
/// Corpus cases whose outcome is more than counts: what an accepted odd value is stored as, huge fields, injection
/// strings kept as plain text, and the cases that show product bugs (skipped with the reason until fixed).
/// </summary>
public sealed class DukcapilCorpusValueTests : CorpusTestBase
{
    private static void AssertAllAccepted(IngestOutcome outcome, long read)
    {
        outcome.AssertCompleted();
        Assert.True((read, read, 0L, 0L) == (outcome.Read, outcome.Accepted, outcome.Unchanged, outcome.Quarantined), outcome.Out);
    }

    [Fact]
    public async Task Encoding_Windows1252ReadAsUtf8_ByteIsReplacedByUFFFDAndRowAccepted()
    {
        var dir = NewCaseDirectory("cp1252");
        var parts = Row(3).Split("BUDI SANTOSO");
        var file = Bytes(Header + "\n" + GoodBefore + "\n" + parts[0] + "JOS", new byte[] { 0xC9 }, " MARTIN" + parts[1] + "\n" + GoodAfter + "\n");

        var outcome = await IngestDukcapilAsync(dir, file);

        AssertAllAccepted(outcome, 3);
        Assert.Equal("JOS\uFFFD MARTIN", await FieldAsync(dir, Nik(3), "name.full"));
        Assert.Equal("BUDI SANTOSO", await FieldAsync(dir, Nik(1), "name.full"));
    }

    [Fact]
    public async Task Encoding_InvalidUtf8Sequences_AreReplacedAndRowAccepted()
    {
        var dir = NewCaseDirectory("utf8");
        var parts = Row(3).Split("JL. A NO. 1");
        var file = Bytes(Header + "\n" + GoodBefore + "\n" + parts[0] + "JL. ", new byte[] { 0xFF, 0xFE }, " NO. 1" + parts[1] + "\n" + GoodAfter + "\n");

        var outcome = await IngestDukcapilAsync(dir, file);

        AssertAllAccepted(outcome, 3);
        var street = await FieldAsync(dir, Nik(3), "address.street");
        Assert.NotNull(street);
        Assert.StartsWith("JL. \uFFFD", street, StringComparison.Ordinal);
        Assert.EndsWith(" NO. 1", street, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encoding_Utf16WithBom_IsDecoded()
    {
        var dir = NewCaseDirectory("utf16");
        var file = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "\r\n" + Row(3, ("NAMA_LGKP", "SRI RAHAYU")) + "\r\n")).ToArray();

        var outcome = await IngestDukcapilAsync(dir, file);

        AssertAllAccepted(outcome, 1);
        Assert.Equal("SRI RAHAYU", await FieldAsync(dir, Nik(3), "name.full"));
    }

    [Fact]
    public async Task Encoding_NulInsideAName_IsKeptVerbatimAndRowAccepted()
    {
        var dir = NewCaseDirectory("nul");

        var outcome = await IngestDukcapilAsync(dir, Around(Row(3, ("NAMA_LGKP", "BUDI\0SANTOSO"))));

        AssertAllAccepted(outcome, 3);
        Assert.Equal("BUDI\0SANTOSO", await FieldAsync(dir, Nik(3), "name.full"));
    }

    [Fact]
    public async Task Quoting_QuotedSeparator_IsOneFieldStoredWithoutQuotes()
    {
        var dir = NewCaseDirectory("quoted");

        var outcome = await IngestDukcapilAsync(dir, Around(Row(3, ("ALAMAT", "\"JL. A; GG. B NO. 1\""))));

        AssertAllAccepted(outcome, 3);
        Assert.Equal("JL. A; GG. B NO. 1", await FieldAsync(dir, Nik(3), "address.street"));
    }

    [Fact]
    public async Task Huge_OneMegabyteName_IsQuarantinedBySchemaMaxLengthQuickly()
    {
        var dir = NewCaseDirectory("1mb");
        var clock = Stopwatch.StartNew();

        var outcome = await IngestDukcapilAsync(dir, Around(Row(3, ("NAMA_LGKP", new string('A', 1 << 20)))));

        outcome.AssertCompleted();
        Assert.Equal((3L, 2L, 1L), (outcome.Read, outcome.Accepted, outcome.Quarantined));
        Assert.Equal([new Quarantine(3, "schema.maxLength", "NAMA_LGKP")], outcome.Rows);
        Assert.Equal(2, await PersonCountAsync(dir));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Huge_TenMegabyteLineOfOneField_IsQuarantinedQuicklyAndTheRunGoesOn()
    {
        var dir = NewCaseDirectory("10mb-line");
        var clock = Stopwatch.StartNew();

        var outcome = await IngestDukcapilAsync(dir, Around(new string('X', 10 << 20)));

        outcome.AssertCompleted();
        Assert.Equal((3L, 2L, 1L), (outcome.Read, outcome.Accepted, outcome.Quarantined));
        Assert.Equal([new Quarantine(3, "csv.FieldCount", "-")], outcome.Rows);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Huge_TenMegabyteAddressInAValidRow_IsQuarantinedBySchemaMaxLengthQuickly()
    {
        var dir = NewCaseDirectory("10mb-field");
        var clock = Stopwatch.StartNew();

        var outcome = await IngestDukcapilAsync(dir, Around(Row(3, ("ALAMAT", new string('B', 10 << 20)))));

        outcome.AssertCompleted();
        Assert.Equal((3L, 2L, 1L), (outcome.Read, outcome.Accepted, outcome.Quarantined));
        Assert.Equal([new Quarantine(3, "schema.maxLength", "ALAMAT")], outcome.Rows);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    // The SQL text contains the separator, so a correct ;-delimited export quotes it.
    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public async Task Injection_SqlScriptAndFormulaValues_AreStoredVerbatimAndTheDatabaseStaysIntact()
    {
        const string Sql = "'; DROP TABLE person; --";
        const string Script = "<script>alert(1)</script> JL. A";
        const string Formula = "=cmd|' /C calc'!A0";
        var dir = NewCaseDirectory("injection");
        var file = Lines(
            Header,
            GoodBefore,
            Row(3, ("NAMA_LGKP", Quoted(Sql))),
            Row(4, ("ALAMAT", Script)),
            Row(5, ("NAMA_LGKP_IBU", Formula), ("TMPT_LHR", "=1+1")),
            GoodAfter);

        var outcome = await IngestDukcapilAsync(dir, file);

        AssertAllAccepted(outcome, 5);
        Assert.Equal(5, await PersonCountAsync(dir));
        Assert.Equal(Sql, await FieldAsync(dir, Nik(3), "name.full"));
        Assert.Equal(Script, await FieldAsync(dir, Nik(4), "address.street"));
        Assert.Equal(Formula, await FieldAsync(dir, Nik(5), "motherName"));
        Assert.Equal("=1+1", await FieldAsync(dir, Nik(5), "birthPlace"));

        // The database still works: a follow-up ingest adds a person and sees the rest unchanged.
        var again = await IngestDukcapilAsync(dir, Lines(Header, GoodBefore, Row(3, ("NAMA_LGKP", Quoted(Sql))), Row(6)), "followup.csv");
        again.AssertCompleted();
        Assert.Equal((3L, 1L, 2L, 0L), (again.Read, again.Accepted, again.Unchanged, again.Quarantined));
        Assert.Equal(6, await PersonCountAsync(dir));
    }

    [Fact]
    public async Task Header_DuplicateRequiredColumn_ExitsTwoNamingIt()
    {
        var dir = NewCaseDirectory("dup");

        var outcome = await IngestDukcapilAsync(dir, Lines(Header + ";NAMA_LGKP", GoodBefore + ";ORANG LAIN", GoodAfter + ";ORANG KETIGA"));

        Assert.True(outcome.Exit == 2, $"exit {outcome.Exit}; stdout: {outcome.Out}");
        Assert.Contains("NAMA_LGKP", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(0, await PersonCountAsync(dir));
    }

    [Fact]
    public async Task WrongType_BirthYear0001_IsQuarantined()
    {
        var dir = NewCaseDirectory("y0001");
        var bad = Row(3, ("TGL_LHR", "12-05-0001")).Replace(Nik(3), "3201011205010003", StringComparison.Ordinal);

        var outcome = await IngestDukcapilAsync(dir, Around(bad));

        outcome.AssertCompleted();
        Assert.Equal((3L, 2L, 1L), (outcome.Read, outcome.Accepted, outcome.Quarantined));
        Assert.Equal([new Quarantine(3, "date.Invalid", "TGL_LHR")], outcome.Rows);
    }
}
