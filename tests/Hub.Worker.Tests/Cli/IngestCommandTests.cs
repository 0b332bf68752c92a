using System.Text.RegularExpressions;

namespace IntegrationHub.Worker.Tests.Cli;

public abstract partial class IngestCommandTests : IDisposable
{
    private const string Header = "NIK;NO_KK;NAMA_LGKP;TMPT_LHR;TGL_LHR;JENIS_KLMIN;GOL_DRH;AGAMA;STAT_KWN;JENIS_PKRJN;NAMA_LGKP_IBU;ALAMAT;NO_RT;NO_RW;NO_PROP;NO_KAB;NO_KEC;NO_KEL;KODE_POS;STAT_HIDUP;TGL_MATI;TGL_UPDATE";

    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hub-cli-").FullName;

    protected abstract Task<HubRunner> CreateRunnerAsync();

    [GeneratedRegex(@"^read (\d+), accepted (\d+), unchanged (\d+), quarantined (\d+)$", RegexOptions.Multiline)]
    private static partial Regex CountsLine();

    private static (long Read, long Accepted, long Unchanged, long Quarantined) Counts(string output)
    {
        var m = CountsLine().Match(output);
        Assert.True(m.Success, "no counts line in: " + output);
        return (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value), long.Parse(m.Groups[4].Value));
    }

    private string WriteFile(params string[] rows)
    {
        var path = Path.Combine(Directory, "biodata.csv");
        File.WriteAllText(path, string.Join("\n", [Header, .. rows]) + "\n");
        return path;
    }

    private static readonly string[] s_rows =
    [
        "3201011205900001;3201010101100001;BUDI SANTOSO;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;WIRASWASTA;SITI;JL. A NO. 1;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12",
        "320101120590001;3201010101100001;NIK PENDEK;BOGOR;12-05-1990;1;A;ISLAM;KAWIN;WIRASWASTA;SITI;JL. A NO. 1;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12",
        "3201015205900002;3201010101100001;SRI WAHYUNI;BOGOR;12-05-1990;2;A;ISLAM;KAWIN;WIRASWASTA;SITI;JL. A NO. 1;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12",
        "3201011205900003;3201010101100001;TANGGAL SALAH;BOGOR;31-02-1990;1;A;ISLAM;KAWIN;WIRASWASTA;SITI;JL. A NO. 1;1;2;32;01;01;1001;16911;1;;2024-01-05 10:11:12",
        "3201011205900004;3201010101100001;KOLOM KURANG;BOGOR;12-05-1990;1;A;ISLAM;KAWIN",
        "3201011305900005;3201010101100001;AHMAD;BOGOR;13-05-1990;1;O;ISLAM;BELUM KAWIN;PELAJAR/MAHASISWA;SITI;JL. B NO. 2;3;4;32;01;01;1001;16911;1;;2024-01-05 10:11:12",
    ];

    [Fact]
    public async Task Ingest_FileWithBadRows_CountsAddUpAndEachBadRowIsListedWithLineAndReason()
    {
        var runner = await CreateRunnerAsync();

        var (exit, output, error) = await runner.RunAsync("ingest", "--source", "dukcapil", WriteFile(s_rows));

        Assert.True(exit == 0, error);
        var counts = Counts(output);
        Assert.Equal((6L, 3L, 0L, 3L), counts);
        Assert.Equal(counts.Read, counts.Accepted + counts.Unchanged + counts.Quarantined);
        Assert.Matches(@"line\s+3\s+nik\.WrongLength\s+NIK", output);
        Assert.Matches(@"line\s+5\s+date\.Invalid\s+TGL_LHR", output);
        Assert.Matches(@"line\s+6\s+csv\.FieldCount", output);
        Assert.DoesNotContain("3201011205900001", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_SameFileTwice_ReportsEverythingUnchanged()
    {
        var runner = await CreateRunnerAsync();
        var file = WriteFile(s_rows);
        await runner.RunAsync("ingest", "--source", "dukcapil", file);

        var (exit, output, _) = await runner.RunAsync("ingest", "--source", "dukcapil", file);

        Assert.Equal(0, exit);
        Assert.Equal((6L, 0L, 6L, 0L), Counts(output));
        Assert.Contains("3 of the unchanged rows were quarantined by an earlier run", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ChangedRow_IsAcceptedAndTheRestUnchanged()
    {
        var runner = await CreateRunnerAsync();
        await runner.RunAsync("ingest", "--source", "dukcapil", WriteFile(s_rows));
        var changed = s_rows.ToArray();
        changed[0] = changed[0].Replace("JL. A NO. 1", "JL. PINDAH NO. 9", StringComparison.Ordinal);

        var (_, output, _) = await runner.RunAsync("ingest", "--source", "dukcapil", WriteFile(changed));

        Assert.Equal((6L, 1L, 5L, 0L), Counts(output));
    }

    [Fact]
    public async Task Ingest_MissingFile_ExitsTwoSayingSo()
    {
        var runner = await CreateRunnerAsync();

        var (exit, _, error) = await runner.RunAsync("ingest", "--source", "dukcapil", Path.Combine(Directory, "nope.csv"));

        Assert.Equal(2, exit);
        Assert.Contains("File not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_UnknownSource_ExitsTwoListingTheKnownOnes()
    {
        var runner = await CreateRunnerAsync();

        var (exit, _, error) = await runner.RunAsync("ingest", "--source", "kemenkes", WriteFile(s_rows));

        Assert.Equal(2, exit);
        Assert.Contains("Unknown source 'kemenkes'", error, StringComparison.Ordinal);
        Assert.Contains("dukcapil", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_WrongHeader_ExitsTwoNamingTheMissingColumn()
    {
        var runner = await CreateRunnerAsync();
        var path = Path.Combine(Directory, "other.csv");
        await File.WriteAllTextAsync(path, "NIK;NAMA\n3201011205900001;BUDI\n");

        var (exit, _, error) = await runner.RunAsync("ingest", "--source", "dukcapil", path);

        Assert.Equal(2, exit);
        Assert.Contains("TGL_LHR", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_ReportsTheSchemaVersion()
    {
        var runner = await CreateRunnerAsync();

        var first = await runner.RunAsync("migrate");
        var second = await runner.RunAsync("migrate");

        Assert.Equal(0, first.Exit);
        Assert.Contains("applied 0001 master_index", first.Out, StringComparison.Ordinal);
        Assert.Contains("already up to date", second.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteIngestCommandTests : IngestCommandTests
{
    protected override Task<HubRunner> CreateRunnerAsync() => Task.FromResult(HubRunner.OnSqlite(Path.Combine(Directory, "data")));
}

public sealed class PostgresIngestCommandTests : IngestCommandTests
{
    protected override Task<HubRunner> CreateRunnerAsync() => HubRunner.OnFreshPostgresAsync();
}
