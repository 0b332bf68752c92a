using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Corpus;

/// <summary>One quarantine line as <c>hub ingest</c> prints it: the line, the reason code and the column (<c>-</c> when none).</summary>
public sealed record Quarantine(long Line, string Reason, string Column)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"line {Line} {Reason} {Column}");
}

/// <summary>What one <c>hub ingest</c> run printed, parsed.</summary>
public sealed record IngestOutcome(int Exit, string Out, string Error, long Read, long Accepted, long Unchanged, long Quarantined, IReadOnlyList<Quarantine> Rows)
{
    /// <summary>Checks the invariant every completed run must hold.</summary>
    public void AssertCompleted()
    {
        Assert.True(Exit == 0, $"exit {Exit}; stderr: {Error}; stdout: {Out}");
        Assert.True(Read == Accepted + Unchanged + Quarantined, "read != accepted + unchanged + quarantined: " + Out);
        Assert.True(Quarantined == Rows.Count, "quarantine lines do not match the count: " + Out);
    }
}

/// <summary>
/// Builds Dukcapil CSV files byte by byte (so NULs, BOMs and invalid UTF-8 are exact) and runs them through the real
/// <c>hub ingest</c> command line against a fresh SQLite database per run.
/// </summary>
public static partial class CorpusHarness
{
    public static readonly string[] Columns =
    [
        "NIK", "NO_KK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "GOL_DRH", "AGAMA", "STAT_KWN", "JENIS_PKRJN", "NAMA_LGKP_IBU",
        "ALAMAT", "NO_RT", "NO_RW", "NO_PROP", "NO_KAB", "NO_KEC", "NO_KEL", "KODE_POS", "STAT_HIDUP", "TGL_MATI", "TGL_UPDATE",
    ];

    public static readonly string Header = string.Join(';', Columns);

    private static readonly string[] s_defaults =
    [
        "", "3201010101100001", "BUDI SANTOSO", "BOGOR", "12-05-1990", "1", "A", "ISLAM", "KAWIN", "WIRASWASTA", "SITI",
        "JL. A NO. 1", "1", "2", "32", "01", "01", "1001", "16911", "1", "", "2024-01-05 10:11:12",
    ];

    /// <summary>A valid male NIK born 12-05-1990 in 32.01.01 with the given sequence.</summary>
    public static string Nik(int sequence) => string.Create(CultureInfo.InvariantCulture, $"320101120590{sequence:D4}");

    /// <summary>A valid row (NIK with the given sequence) with some columns replaced.</summary>
    public static string Row(int sequence, params (string Column, string Value)[] changes)
    {
        var fields = s_defaults.ToArray();
        fields[0] = Nik(sequence);
        foreach (var (column, value) in changes)
        {
            var i = Array.IndexOf(Columns, column);
            Assert.True(i >= 0, "unknown column " + column);
            fields[i] = value;
        }

        return string.Join(';', fields);
    }

    /// <summary>A good row before and after the bad one: GoodBefore is line 2, the bad row line 3, GoodAfter line 4.</summary>
    public static readonly string GoodBefore = Row(1);

    public static readonly string GoodAfter = Row(2, ("NAMA_LGKP", "AHMAD"));

    /// <summary>UTF-8 bytes of the lines, each ended by LF.</summary>
    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    /// <summary>Header, a good row, the bad row (line 3), a good row.</summary>
    public static byte[] Around(string bad) => Lines(Header, GoodBefore, bad, GoodAfter);

    /// <summary>Concatenates byte pieces (text pieces as UTF-8).</summary>
    public static byte[] Bytes(params object[] parts)
    {
        using var buffer = new MemoryStream();
        foreach (var part in parts)
        {
            var bytes = part switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                _ => throw new ArgumentException("bytes or text", nameof(parts)),
            };
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"^read (\d+), accepted (\d+), unchanged (\d+), quarantined (\d+)$", RegexOptions.Multiline)]
    private static partial Regex CountsLine();

    [GeneratedRegex(@"^  line +(\d+)  (\S+) +(\S+) ", RegexOptions.Multiline)]
    private static partial Regex QuarantineLine();

    public static IngestOutcome Parse(int exit, string output, string error)
    {
        var m = CountsLine().Match(output);
        if (!m.Success)
        {
            return new IngestOutcome(exit, output, error, -1, -1, -1, -1, []);
        }

        var rows = QuarantineLine().Matches(output)
            .Select(q => new Quarantine(long.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture), q.Groups[2].Value, q.Groups[3].Value))
            .ToList();
        return new IngestOutcome(
            exit, output, error,
            long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
            rows);
    }

    /// <summary>Runs the real command line with a configuration of the test's own.</summary>
    public static async Task<IngestOutcome> RunAsync(IConfiguration configuration, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await HubCommandLine.RunAsync(args, output, error, configuration);
        return Parse(exit, output.ToString(), error.ToString());
    }

    /// <summary>A configuration on SQLite in <paramref name="dataDirectory"/>, plus extra keys (e.g. <c>Hub:Sources:...</c>).</summary>
    public static IConfiguration CreateConfiguration(string dataDirectory, IDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .AddHubSources(new Dictionary<string, string?> { [HubConfiguration.DataDirVariable] = dataDirectory })
            .Build();

    /// <summary>Writes <paramref name="bytes"/> to <c>biodata.csv</c> in <paramref name="directory"/> and ingests it as Dukcapil.</summary>
    public static async Task<IngestOutcome> IngestDukcapilAsync(string directory, byte[] bytes, string fileName = "biodata.csv")
    {
        var path = Path.Combine(directory, fileName);
        await File.WriteAllBytesAsync(path, bytes);
        return await RunAsync(CreateConfiguration(Path.Combine(directory, "data")), "ingest", "--source", "dukcapil", path);
    }

    /// <summary>One scalar from the test's SQLite database.</summary>
    public static async Task<object?> ScalarAsync(string directory, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "data", "hub.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>The stored value of a canonical field of the person with <paramref name="nik"/>.</summary>
    public static async Task<string?> FieldAsync(string directory, string nik, string field) =>
        (string?)await ScalarAsync(
            directory,
            "SELECT f.value FROM person_field f JOIN person p ON p.person_id = f.person_id WHERE p.nik = $nik AND f.field = $field",
            ("$nik", nik),
            ("$field", field));

    public static async Task<long> PersonCountAsync(string directory) => (long)(await ScalarAsync(directory, "SELECT COUNT(*) FROM person"))!;
}

/// <summary>A temporary directory per test, deleted afterwards.</summary>
public abstract class CorpusTestBase : IDisposable
{
    protected string Root { get; } = Directory.CreateTempSubdirectory("hub-corpus-").FullName;

    /// <summary>A fresh sub-directory (own database) for one case.</summary>
    protected string NewCaseDirectory(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool is left to the OS's temp cleanup.
        }

        GC.SuppressFinalize(this);
    }
}
