using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Generation;

public sealed partial class GeneratePopulationTests : IDisposable
{
    private const string Today = "2026-11-23";
    private static readonly string[] DataFiles = ["dukcapil/biodata.csv", "bpjs/peserta.json", "djp/wajib-pajak.db", "truth.csv", "noise.csv", "manifest.json"];

    private readonly string _root = Directory.CreateTempSubdirectory("hub-population-").FullName;

    [GeneratedRegex(@"read (\d+), accepted (\d+), unchanged (\d+), quarantined (\d+)")]
    private static partial Regex Counts();

    private async Task<string> GenerateAsync(string name, params string[] extra)
    {
        var directory = Path.Combine(_root, name);
        var (exit, _, error) = await HubRunner.OnSqlite(Path.Combine(_root, "scratch")).RunAsync(
            ["generate", "population", "--today", Today, "--out", directory, .. extra]);
        Assert.True(exit == 0, error);
        return directory;
    }

    private static JsonObject Manifest(string directory) => JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json")))!.AsObject();

    private static List<(string Agency, string Key, string PersonId)> Truth(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, "truth.csv")).Skip(1).Select(l => l.Split(',')).Select(f => (f[0], f[1], f[2]))];

    private static List<string> DukcapilKeys(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, "dukcapil", "biodata.csv")).Skip(1).Select(l => l.Split(';')[0])];

    private static JsonArray Bpjs(string directory) => JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "bpjs", "peserta.json")))!.AsArray();

    private static List<(string Npwp, string? Nik)> Djp(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "djp", "wajib-pajak.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT NPWP, NIK FROM WAJIB_PAJAK";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return rows;
    }

    [Fact]
    public async Task Population_SameSeed_WritesByteIdenticalFiles()
    {
        var a = await GenerateAsync("a", "--people", "1200", "--seed", "7");
        var b = await GenerateAsync("b", "--people", "1200", "--seed", "7");
        var c = await GenerateAsync("c", "--people", "1200", "--seed", "8");

        foreach (var file in DataFiles)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), file + " differs between two runs");
            Assert.False(File.ReadAllBytes(Path.Combine(a, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(c, file))), file + " is the same for another seed");
        }

        // The configuration names its own directory and differs only by that.
        Assert.Equal(File.ReadAllText(Path.Combine(a, "hub.json")).Replace(a, "DIR", StringComparison.Ordinal), File.ReadAllText(Path.Combine(b, "hub.json")).Replace(b, "DIR", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(a, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Truth_CoversEveryRecordWritten_AndTheManifestCountsThem()
    {
        var dir = await GenerateAsync("truth", "--people", "2000", "--seed", "11", "--defect-rate", "0.01");
        var truth = Truth(dir);
        var manifest = Manifest(dir);

        Assert.Equal(truth.Count, truth.Select(t => (t.Agency, t.Key)).Distinct().Count());
        Assert.Equal(DukcapilKeys(dir).Order(), truth.Where(t => t.Agency == "dukcapil").Select(t => t.Key).Order());
        Assert.Equal(Bpjs(dir).Select(r => (string)r!["noKartu"]!).Order(), truth.Where(t => t.Agency == "bpjs").Select(t => t.Key).Order());
        Assert.Equal(Djp(dir).Select(r => r.Npwp).Order(), truth.Where(t => t.Agency == "djp").Select(t => t.Key).Order());
        foreach (var agency in new[] { "dukcapil", "bpjs", "djp" })
        {
            Assert.Equal((long)manifest["records"]![agency]!, truth.Count(t => t.Agency == agency));
        }

        Assert.Equal(2000, truth.Select(t => t.PersonId).Distinct().Count());
        Assert.Equal(2000, truth.Count(t => t.Agency == "dukcapil") - (long)manifest["noise"]!["dukcapil"]!["duplicate"]!["records"]!);

        // Every label in noise.csv is a record of truth.csv, and the manifest counts exactly those labels.
        var keys = truth.ToDictionary(t => (t.Agency, t.Key), t => t.PersonId);
        var labels = File.ReadLines(Path.Combine(dir, "noise.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(labels, l => Assert.Equal(keys[(l[0], l[1])], l[2]));
        var counted = labels.SelectMany(l => l[3].Split('|').Select(kind => (Agency: l[0], Kind: kind))).GroupBy(x => x).ToDictionary(g => g.Key, g => g.LongCount());
        foreach (var (agency, kinds) in manifest["noise"]!.AsObject())
        {
            foreach (var (kind, counts) in kinds!.AsObject())
            {
                Assert.Equal((long)counts!["records"]!, counted.GetValueOrDefault((agency, kind)));
            }
        }
    }

    [Fact]
    public async Task NikGanda_InTruth_OneNikBelongsToTwoPeople()
    {
        var dir = await GenerateAsync("ganda", "--people", "1500", "--seed", "5", "--rate", "bpjs.nik-ganda=0.05", "--rate", "djp.nik-ganda=0.05");
        var truth = Truth(dir);
        var dukcapilOwner = truth.Where(t => t.Agency == "dukcapil").ToDictionary(t => t.Key, t => t.PersonId);
        var person = truth.ToDictionary(t => (t.Agency, t.Key), t => t.PersonId);
        var nikOf = Bpjs(dir).Select(r => (Agency: "bpjs", Key: (string)r!["noKartu"]!, Nik: (string?)r["nik"]))
            .Concat(Djp(dir).Select(r => (Agency: "djp", Key: r.Npwp, r.Nik)))
            .ToDictionary(x => (x.Agency, x.Key), x => x.Nik);
        var ganda = File.ReadLines(Path.Combine(dir, "noise.csv")).Skip(1).Select(l => l.Split(','))
            .Where(l => l[3].Contains("nik.ganda", StringComparison.Ordinal)).ToList();

        Assert.True(ganda.Count >= 40, $"only {ganda.Count} NIK ganda records");
        Assert.Contains(ganda, l => l[0] == "djp");
        Assert.All(ganda, l =>
        {
            var nik = nikOf[(l[0], l[1])];
            Assert.NotNull(nik);
            var owner = dukcapilOwner[nik];
            Assert.NotEqual(owner, person[(l[0], l[1])]);
        });
    }

    [Fact]
    public async Task Ingest_GeneratedExportsWithTheShippedMappings_ReadEqualsAcceptedUnchangedQuarantined()
    {
        var dir = await GenerateAsync(
            "ingest", "--people", "1500", "--seed", "3", "--defect-rate", "0.01", "--rate", "dukcapil.birth-date.day-month-swap=0.05");
        var manifest = Manifest(dir);
        await using var server = await BpjsSampleServer.StartAsync(Path.Combine(dir, "bpjs", "peserta.json"));
        var configuration = new ConfigurationBuilder()
            .AddHubSources(new Dictionary<string, string?>
            {
                [HubConfiguration.DataDirVariable] = Path.Combine(_root, "data"),
                [HubConfiguration.ConfigFileVariable] = Path.Combine(dir, "hub.json"),
            })
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:Sources:bpjs:Kind"] = "rest-json",
                ["Hub:Sources:bpjs:Rest:BaseAddress"] = server.BaseAddress.ToString(),
                ["Hub:Sources:bpjs:Rest:Path"] = BpjsSampleServer.PesertaPath,
                ["Hub:Sources:bpjs:Rest:ItemsPath"] = "response.list",
            })
            .Build();
        var expectedQuarantine = (long)manifest["expectedQuarantine"]!["dukcapil"]!;
        var planted = manifest["dukcapilDefects"]!.AsObject().Sum(d => (long)d.Value!);
        var swapped = (long)manifest["noise"]!["dukcapil"]!["birth-date.day-month-swap"]!["records"]!;
        Assert.True(planted > 0 && swapped > 0, "the test needs broken rows and contradicting dates");
        Assert.Equal(planted + swapped, expectedQuarantine);

        foreach (var (source, quarantine) in new[] { ("dukcapil", expectedQuarantine), ("djp", 0L), ("bpjs", 0L) })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await HubCommandLine.RunAsync(["ingest", "--source", source], output, error, configuration);

            Assert.True(exit == 0, source + ": " + error);
            var match = Counts().Match(output.ToString());
            Assert.True(match.Success, output.ToString());
            var (read, accepted, unchanged, quarantined) = (Count(match, 1), Count(match, 2), Count(match, 3), Count(match, 4));
            Assert.Equal((long)manifest["records"]![source]!, read);
            Assert.Equal(read, accepted + unchanged + quarantined);
            Assert.Equal(quarantine, quarantined);
            if (source == "dukcapil")
            {
                Assert.Equal(swapped, Regex.Count(output.ToString(), @"nik\.ContradictsRecord") - ((long?)manifest["dukcapilDefects"]!["nik.ContradictsRecord"] ?? 0));
            }
        }
    }

    private static long Count(Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("--rate", "bpjs.no-such-rate=0.1")]
    [InlineData("--rate", "bpjs.nik-missing=2")]
    [InlineData("--people", "-1")]
    [InlineData("--defect-rate", "1.5")]
    public async Task Population_BadArguments_ExitTwoAndWriteNothing(string option, string value)
    {
        var directory = Path.Combine(_root, "bad");

        var (exit, _, error) = await HubRunner.OnSqlite(Path.Combine(_root, "scratch")).RunAsync("generate", "population", "--out", directory, option, value);

        Assert.Equal(2, exit);
        Assert.NotEmpty(error);
        Assert.False(Directory.Exists(directory));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
