using System.Text;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Csv;
using IntegrationHub.Connectors.Mapping;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.Regions;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Tests.Dukcapil;

/// <summary>The Dukcapil biodata export through the file source and the shipped mapping (mappings/dukcapil.json).</summary>
public sealed class DukcapilMappingTests : IDisposable
{
    private const string Header = "NIK;NO_KK;NAMA_LGKP;TMPT_LHR;TGL_LHR;JENIS_KLMIN;GOL_DRH;AGAMA;STAT_KWN;JENIS_PKRJN;NAMA_LGKP_IBU;ALAMAT;NO_RT;NO_RW;NO_PROP;NO_KAB;NO_KEC;NO_KEL;KODE_POS;STAT_HIDUP;TGL_MATI;TGL_UPDATE";

    // Kab. Bogor, Kec. 32.01.01, Desa 32.01.01.1001; a man born 12-05-1990.
    private const string GoodMan = "3201011205900001;3201010101100001;H. BUDI  SANTOSO, S.E.;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;WIRASWASTA;SITI AMINAH;JL. MERDEKA NO. 1;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12";
    private const string GoodWoman = "3201015205900002;3201010101100001;SRI WAHYUNI;BOGOR;12-05-1990;2;13;1;2;MENGURUS RUMAH TANGGA;PAINEM;JL. MERDEKA NO. 1;001;002;32;01;01;1001;16911;2;03-04-2024;2024-04-05 08:00:00";

    private readonly string _directory = Directory.CreateTempSubdirectory("hub-dukcapil-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    private Reader CreateSut(Encoding? encoding = null, TimeProvider? time = null) => new(encoding?.WebName ?? "utf-8", time ?? _time);

    /// <summary>What became of one row: a record (with its key and line) or a quarantined row.</summary>
    private sealed record Outcome(string? Key, CanonicalRecord? Canonical, long Line, QuarantinedRow? Quarantined)
    {
        public CanonicalRecord? Record => Canonical;
    }

    private sealed class Reader(string encoding, TimeProvider time)
    {
        private readonly CompiledMapping _mapping = CompiledMapping.Load(Path.Combine(AppContext.BaseDirectory, "mappings", "dukcapil.json"), time);

        public List<Outcome> Read(string path, CancellationToken cancellationToken)
        {
            using var source = new CsvFileSource("dukcapil", new CsvFileSourceOptions { Files = [path], Encoding = encoding }, _mapping.SourceFields);
            var feed = new SourceFeed(CsvFileSource.FeedName, _mapping.SourceFields, null);
            var cursor = SourceCursor.Start;
            var outcomes = new List<Outcome>();
            while (true)
            {
                var batch = source.ReadAsync(feed, cursor, 3, cancellationToken).GetAwaiter().GetResult();
                outcomes.AddRange(batch.Unreadable.Select(q => new Outcome(null, null, q.Line ?? 0, q)));
                foreach (var row in batch.Rows)
                {
                    var mapped = _mapping.Map(row);
                    outcomes.Add(new Outcome(mapped.SourceKey, mapped.Record, row.Offset ?? 0, mapped.Quarantined));
                }

                cursor = batch.Next;
                if (batch.Exhausted)
                {
                    return outcomes.OrderBy(o => o.Line).ToList();
                }
            }
        }
    }

    private string WriteFile(string content, Encoding? encoding = null)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void Read_GoodRow_MapsEveryColumnToItsCanonicalForm()
    {
        var outcome = Assert.Single(CreateSut().Read(WriteFile(Lines(Header, GoodMan)), CancellationToken.None));

        Assert.NotNull(outcome.Record);
        Assert.Equal("3201011205900001", outcome.Key);
        Assert.Equal(2, outcome.Line);
        var c = outcome.Record;
        Assert.Equal("3201011205900001", c[CanonicalFields.Nik]);
        Assert.Equal("3201010101100001", c[CanonicalFields.Kk]);
        Assert.Equal("H. BUDI SANTOSO, S.E.", c[CanonicalFields.FullName]);
        Assert.Equal("BUDI SANTOSO", c[CanonicalFields.NormalisedName]);
        Assert.Equal("1990-05-12", c[CanonicalFields.BirthDate]);
        Assert.Equal("male", c[CanonicalFields.Sex]);
        Assert.Equal("A", c[CanonicalFields.BloodType]);
        Assert.Equal("islam", c[CanonicalFields.Religion]);
        Assert.Equal("kawin", c[CanonicalFields.MaritalStatus]);
        Assert.Equal("001", c[CanonicalFields.Rt]);
        Assert.Equal("002", c[CanonicalFields.Rw]);
        Assert.Equal("32", c[CanonicalFields.ProvinceCode]);
        Assert.Equal("Jawa Barat", c[CanonicalFields.ProvinceName]);
        Assert.Equal("3201", c[CanonicalFields.RegencyCode]);
        Assert.Equal("Kabupaten Bogor", c[CanonicalFields.RegencyName]);
        Assert.Equal("320101", c[CanonicalFields.DistrictCode]);
        Assert.Equal("3201011001", c[CanonicalFields.VillageCode]);
        Assert.Equal(RegionCatalog.Default.Find("3201011001")!.Name, c[CanonicalFields.VillageName]);
        Assert.Equal("alive", c[CanonicalFields.VitalStatus]);
        Assert.Null(c[CanonicalFields.DateOfDeath]);
        Assert.Equal("2024-01-05T10:11:12+07:00", c[CanonicalFields.UpdatedAt]);
        Assert.Equal("dukcapil v1: TGL_LHR -> birthDate", c.Values[CanonicalFields.BirthDate.Path].Rule);
    }

    [Fact]
    public void Read_NumericSiakCodesAndDeath_AreMapped()
    {
        var record = Assert.Single(CreateSut().Read(WriteFile(Lines(Header, GoodWoman)), CancellationToken.None)).Record!;

        Assert.Equal("female", record[CanonicalFields.Sex]);
        Assert.Null(record[CanonicalFields.BloodType]); // 13 = unknown
        Assert.Equal("islam", record[CanonicalFields.Religion]);
        Assert.Equal("kawin", record[CanonicalFields.MaritalStatus]);
        Assert.Equal("deceased", record[CanonicalFields.VitalStatus]);
        Assert.Equal("2024-04-03", record[CanonicalFields.DateOfDeath]);
    }

    [Theory]
    [InlineData("320101120590001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "nik.WrongLength", "NIK")]
    [InlineData("99010112059O0001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "nik.NonDigit", "NIK")]
    [InlineData("9901011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "nik.UnknownProvince", "NIK")]
    [InlineData("3201011213900001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "nik.ImpossibleDate", "NIK")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;31-02-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "date.Invalid", "TGL_LHR")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;2;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "nik.ContradictsRecord", "NIK")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-06-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "nik.ContradictsRecord", "NIK")]
    [InlineData("3201011205900001;3201010101100001;;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "field.Required", "NAMA_LGKP")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;3;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "code.Unknown", "JENIS_KLMIN")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;JEDI;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "code.Unknown", "AGAMA")]
    [InlineData("3201011205900001;32010101011;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12", "kk.Invalid", "NO_KK")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;2;01-01-1980;2024-01-05 10:11:12", "date.Invalid", "TGL_MATI")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;05/01/2024", "date.Invalid", "TGL_UPDATE")]
    [InlineData("3201011205900001;3201010101100001;BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1", "csv.FieldCount", null)]
    public void Read_BadRow_IsQuarantinedWithLineReasonAndColumn(string row, string reason, string? field)
    {
        var outcomes = CreateSut().Read(WriteFile(Lines(Header, GoodMan, row, GoodWoman)), CancellationToken.None).ToList();

        Assert.Equal(3, outcomes.Count);
        Assert.NotNull(outcomes[0].Record);
        Assert.NotNull(outcomes[2].Record);
        var bad = outcomes[1].Quarantined;
        Assert.NotNull(bad);
        Assert.Equal(3, bad.Line);
        Assert.Equal("dukcapil", bad.Source);
        Assert.Equal(reason, bad.Reason);
        Assert.Equal(field, bad.Field);
        Assert.Equal(row, bad.RawRecord);
        Assert.False(string.IsNullOrWhiteSpace(bad.Message));
    }

    [Fact]
    public void Read_BirthDateInTheFuture_IsQuarantined()
    {
        var beforeBirth = new FakeTimeProvider(new DateTimeOffset(1990, 5, 1, 0, 0, 0, TimeSpan.Zero));

        var outcome = Assert.Single(CreateSut(time: beforeBirth).Read(WriteFile(Lines(Header, GoodMan)), CancellationToken.None));

        Assert.Equal("date.Future", outcome.Quarantined!.Reason);
    }

    [Fact]
    public void Read_UnclosedQuote_QuarantinesThatRowAndKeepsTheNext()
    {
        var broken = "3201011205900001;3201010101100001;\"BUDI;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;X;IBU;JL;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12";

        var outcomes = CreateSut().Read(WriteFile(Lines(Header, broken, GoodWoman)), CancellationToken.None).ToList();

        Assert.Equal(2, outcomes.Count);
        Assert.StartsWith("csv.", outcomes[0].Quarantined!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, outcomes[0].Quarantined!.Line);
        Assert.Equal(3, outcomes[1].Line);
        Assert.NotNull(outcomes[1].Record);
    }

    [Fact]
    public void Read_HeaderWithoutAColumn_FailsNamingIt()
    {
        var header = Header.Replace(";TGL_LHR", "", StringComparison.Ordinal);

        var error = Assert.Throws<ConnectorException>(() => CreateSut().Read(WriteFile(Lines(header)), CancellationToken.None).ToList());

        Assert.False(error.IsTransient);

        Assert.Contains("TGL_LHR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ColumnsInAnotherOrderAndLowerCaseHeader_AreFoundByName()
    {
        var columns = Header.Split(';');
        var values = GoodMan.Split(';');
        var order = Enumerable.Range(0, columns.Length).Reverse().ToArray();
        var file = Lines(string.Join(';', order.Select(i => columns[i].ToLowerInvariant())), string.Join(';', order.Select(i => values[i])));

        var record = Assert.Single(CreateSut().Read(WriteFile(file), CancellationToken.None)).Record!;

        Assert.Equal("1990-05-12", record[CanonicalFields.BirthDate]);
        Assert.Equal("H. BUDI SANTOSO, S.E.", record[CanonicalFields.FullName]);
    }

    [Fact]
    public void Read_Utf8WithByteOrderMark_ReadsTheHeader()
    {
        var record = Assert.Single(CreateSut().Read(WriteFile(Lines(Header, GoodMan), new UTF8Encoding(true)), CancellationToken.None)).Record;

        Assert.NotNull(record);
    }

    [Fact]
    public void Read_Windows1252_DecodesAccentedLetters()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp1252 = Encoding.GetEncoding(1252);
        var row = GoodMan.Replace("BUDI  SANTOSO", "JOSÉ SANTOSO", StringComparison.Ordinal);

        var record = Assert.Single(CreateSut(cp1252).Read(WriteFile(Lines(Header, row), cp1252), CancellationToken.None)).Record!;

        Assert.Equal("H. JOSÉ SANTOSO, S.E.", record[CanonicalFields.FullName]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
