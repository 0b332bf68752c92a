using System.Text;
using static IntegrationHub.Worker.Tests.Corpus.CorpusHarness;

namespace IntegrationHub.Worker.Tests.Corpus;

/// <summary>
/// The malformed-input corpus for the Dukcapil CSV drop, run end to end through <c>hub ingest</c>. Each case is a
/// file, the exit code, how many rows are read, and exactly which lines are quarantined with which reason and
/// column; every other row must be accepted (each case runs on a fresh database, so nothing is "unchanged").
/// Unless a case says otherwise, line 2 and line 4 are good rows around a bad row on line 3.
/// </summary>
public sealed class DukcapilCorpusTests : CorpusTestBase
{
    /// <param name="Name">The case, as the test lists it.</param>
    /// <param name="File">The file's exact bytes.</param>
    /// <param name="Read">Rows read (exit 0).</param>
    /// <param name="Quarantined">Every quarantined row, in line order.</param>
    /// <param name="Exit">0 for a completed run; 2 for a file the user must fix as a whole.</param>
    /// <param name="ErrorContains">For exit 2: what stderr must name.</param>
    public sealed record CorpusCase(string Name, byte[] File, int Read, Quarantine[] Quarantined, int Exit = 0, string? ErrorContains = null);

    private static Quarantine Q(long line, string reason, string column = "-") => new(line, reason, column);

    private static CorpusCase Bad(string name, string badRow, string reason, string column) => new(name, Around(badRow), 3, [Q(3, reason, column)]);

    private static CorpusCase Fine(string name, byte[] file, int read) => new(name, file, read, []);

    public static readonly IReadOnlyList<CorpusCase> Cases =
    [
        // ---- Encodings ----
        Fine("enc: Windows-1252 byte in a name, read as UTF-8 (replaced by U+FFFD, row accepted)", Bytes(
            Header + "\n" + GoodBefore + "\n" + Row(3).Split("BUDI SANTOSO")[0] + "JOS", new byte[] { 0xC9 }, " MARTIN" + Row(3).Split("BUDI SANTOSO")[1] + "\n" + GoodAfter + "\n"), 3),
        Fine("enc: invalid UTF-8 sequences in an address (overlong, lone continuation, 0xFF; replaced, row accepted)", Bytes(
            Header + "\n" + GoodBefore + "\n" + Row(3).Split("JL. A NO. 1")[0] + "JL. ", new byte[] { 0xC0, 0xAF, 0x80, 0xFF, 0xFE }, " NO. 1" + Row(3).Split("JL. A NO. 1")[1] + "\n" + GoodAfter + "\n"), 3),
        Fine("enc: UTF-16 LE file with a byte order mark (decoded, all rows accepted)", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "\r\n" + GoodBefore + "\r\n" + GoodAfter + "\r\n")).ToArray(), 2),
        Bad("enc: UTF-8 BOM in the middle of the file, before a NIK", "\uFEFF" + Row(3), "nik.WrongLength", "NIK"),
        Fine("enc: NUL byte inside a name (kept as text, row accepted)", Around(Row(3, ("NAMA_LGKP", "BUDI\0SANTOSO"))), 3),
        new("enc: a line of only NUL bytes", Around("\0\0\0\0"), 3, [Q(3, "csv.FieldCount")]),

        // ---- Ragged rows ----
        Bad("ragged: too few fields", string.Join(';', Row(3).Split(';')[..9]), "csv.FieldCount", "-"),
        Bad("ragged: too many fields", Row(3) + ";EXTRA;MORE", "csv.FieldCount", "-"),
        Fine("ragged: an empty line in the middle (not a record; skipped)", Lines(Header, GoodBefore, "", GoodAfter), 2),
        Bad("ragged: a line of only separators (22 empty fields: key missing)", new string(';', Columns.Length - 1), "field.Required", "NIK"),
        Bad("ragged: trailing separator (one field too many)", Row(3) + ";", "csv.FieldCount", "-"),
        Fine("ragged: CRLF and LF line ends mixed", Encoding.UTF8.GetBytes(Header + "\r\n" + GoodBefore + "\n" + Row(3) + "\r\n" + GoodAfter + "\n"), 3),
        Fine("ragged: final line without a newline", Encoding.UTF8.GetBytes(Header + "\n" + GoodBefore + "\n" + GoodAfter), 2),
        Fine("ragged: header only", Lines(Header), 0),
        new("ragged: empty file (0 bytes; no header)", [], 0, [], Exit: 2, ErrorContains: "lacks the column(s) NIK"),
        new("ragged: header missing a required column (TGL_LHR)", Lines(Header.Replace(";TGL_LHR", "", StringComparison.Ordinal), GoodBefore.Replace(";12-05-1990", "", StringComparison.Ordinal)), 0, [], Exit: 2, ErrorContains: "TGL_LHR"),
        Fine("ragged: header with extra unknown columns", Lines(Header + ";KETERANGAN;SUMBER", GoodBefore + ";CATATAN;SIAK", GoodAfter + ";;"), 2),
        Fine("ragged: header repeating a column the mapping does not read", Lines(Header + ";KETERANGAN;KETERANGAN", GoodBefore + ";A;B", GoodAfter + ";C;D"), 2),
        Fine("ragged: columns reordered", Lines(Reorder(Header), Reorder(GoodBefore), Reorder(GoodAfter)), 2),

        // ---- Quoting ----
        new("quote: unterminated quote mid-file (open at the line end; the next row is accepted)", Around(Row(3, ("NAMA_LGKP", "\"BUDI SANTOSO"))), 3, [Q(3, "csv.LineBreakInQuotes")]),
        new("quote: unterminated quote on a last line without newline", Encoding.UTF8.GetBytes(Header + "\n" + GoodBefore + "\n" + GoodAfter + "\n" + Row(3, ("NAMA_LGKP", "\"BUDI SANTOSO"))), 3, [Q(4, "csv.UnterminatedQuote")]),
        Bad("quote: stray quote in an unquoted field", Row(3, ("NAMA_LGKP", "BUDI \"GENDUT\" SANTOSO")), "csv.StrayQuote", "-"),
        Bad("quote: text after a closing quote", Row(3, ("NAMA_LGKP", "\"BUDI\" SANTOSO")), "csv.TextAfterClosingQuote", "-"),
        Fine("quote: quoted field containing the separator", Around(Row(3, ("ALAMAT", "\"JL. A; GG. B NO. 1\""))), 3),
        new("quote: line break inside quotes (both halves quarantined, nothing swallowed; the next row is accepted)", Around(Row(3, ("ALAMAT", "\"JL. A\nNO. 1\""))), 4, [Q(3, "csv.LineBreakInQuotes"), Q(4, "csv.StrayQuote")]),

        // ---- Wrong types ----
        Bad("type: letters in TGL_LHR", Row(3, ("TGL_LHR", "1X-05-199O")), "date.Invalid", "TGL_LHR"),
        Bad("type: month as a word in TGL_LHR (longer than the schema's 10 characters)", Row(3, ("TGL_LHR", "12-MEI-1990")), "schema.maxLength", "TGL_LHR"),
        Bad("type: KODE_POS with letters (schema pattern)", Row(3, ("KODE_POS", "1691A")), "schema.pattern", "KODE_POS"),
        Bad("type: 31-02", Row(3, ("TGL_LHR", "31-02-1990")), "date.Invalid", "TGL_LHR"),
        Bad("type: 00-00-0000", Row(3, ("TGL_LHR", "00-00-0000")), "date.Invalid", "TGL_LHR"),
        Bad("type: year 9999 (NIK agrees: YY 99)", Row(3, ("TGL_LHR", "12-05-9999")).Replace(Nik(3), "3201011205990003", StringComparison.Ordinal), "date.Future", "TGL_LHR"),
        Bad("type: month 13", Row(3, ("TGL_LHR", "12-13-1990")), "date.Invalid", "TGL_LHR"),
        Bad("type: negative RT", Row(3, ("NO_RT", "-1")), "mapping.pad", "NO_RT"),
        Bad("type: RT 'ABC'", Row(3, ("NO_RT", "ABC")), "mapping.pad", "NO_RT"),
        Bad("type: sex '3'", Row(3, ("JENIS_KLMIN", "3")), "code.Unknown", "JENIS_KLMIN"),
        Bad("type: religion code '99'", Row(3, ("AGAMA", "99")), "code.Unknown", "AGAMA"),
        Bad("type: STAT_HIDUP 'X'", Row(3, ("STAT_HIDUP", "X")), "code.Unknown", "STAT_HIDUP"),
        Bad("type: TGL_MATI before TGL_LHR", Row(3, ("STAT_HIDUP", "2"), ("TGL_MATI", "01-01-1980")), "date.Invalid", "TGL_MATI"),
        Bad("type: NO_KK with letters", Row(3, ("NO_KK", "32010101011OOOO1")), "kk.Invalid", "NO_KK"),

        // ---- NIK forms ----
        Bad("nik: scientific notation as spreadsheets write it (3.20101E+15)", Row(3).Replace(Nik(3), "3.20101E+15", StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: scientific notation with a decimal comma (3,20101E+15)", Row(3).Replace(Nik(3), "3,20101E+15", StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: grouped with spaces", Row(3).Replace(Nik(3), "3201 0112 0590 0003", StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: grouped with dots", Row(3).Replace(Nik(3), "3201.0112.0590.0003", StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: grouped with dashes", Row(3).Replace(Nik(3), "3201-0112-0590-0003", StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: leading apostrophe (spreadsheet text marker)", Row(3).Replace(Nik(3), "'" + Nik(3), StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: letter O for zero (16 characters)", Row(3).Replace(Nik(3), "32O1011205900003", StringComparison.Ordinal), "nik.NonDigit", "NIK"),
        Bad("nik: 15 digits", Row(3).Replace(Nik(3), Nik(3)[..15], StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: 17 digits", Row(3).Replace(Nik(3), Nik(3) + "7", StringComparison.Ordinal), "nik.WrongLength", "NIK"),
        Bad("nik: all zeros", Row(3).Replace(Nik(3), "0000000000000000", StringComparison.Ordinal), "nik.UnknownProvince", "NIK"),
        Bad("nik: unknown province 99", Row(3).Replace(Nik(3), "9901011205900003", StringComparison.Ordinal), "nik.UnknownProvince", "NIK"),
        Bad("nik: sequence 0000", Row(3).Replace(Nik(3), "3201011205900000", StringComparison.Ordinal), "nik.ZeroSequence", "NIK"),
        Bad("nik: impossible date digits (day 35)", Row(3).Replace(Nik(3), "3201013505900003", StringComparison.Ordinal), "nik.ImpossibleDate", "NIK"),
        Bad("nik: encodes a woman (day + 40) on a row saying male", Row(3).Replace(Nik(3), "3201015205900003", StringComparison.Ordinal), "nik.ContradictsRecord", "NIK"),
        Bad("nik: empty", Row(3).Replace(Nik(3), "", StringComparison.Ordinal), "field.Required", "NIK"),
    ];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    private static string Reorder(string line)
    {
        var fields = line.Split(';');
        return string.Join(';', fields.Reverse());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Ingest_MalformedInput_EndsAsExpected(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var outcome = await IngestDukcapilAsync(NewCaseDirectory("case"), c.File);

        if (c.Exit != 0)
        {
            Assert.True(c.Exit == outcome.Exit, $"exit {outcome.Exit}; stderr: {outcome.Error}; stdout: {outcome.Out}");
            Assert.Contains(c.ErrorContains!, outcome.Error, StringComparison.Ordinal);
            return;
        }

        outcome.AssertCompleted();
        Assert.Equal(c.Read, outcome.Read);
        Assert.Equal(0, outcome.Unchanged);
        Assert.Equal(c.Quarantined.Length, outcome.Quarantined);
        Assert.Equal(c.Read - c.Quarantined.Length, outcome.Accepted);
        Assert.True(c.Quarantined.SequenceEqual(outcome.Rows), $"expected [{string.Join(", ", c.Quarantined)}]; stdout: {outcome.Out}");
    }
}
