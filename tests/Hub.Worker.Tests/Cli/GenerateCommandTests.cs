using System.Text.RegularExpressions;

namespace IntegrationHub.Worker.Tests.Cli;

public sealed partial class GenerateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-generate-").FullName;

    [GeneratedRegex(@"^  (\S+)\s+lines ([\d, ]+)$", RegexOptions.Multiline)]
    private static partial Regex DefectLine();

    private async Task<(string Path, string Output)> GenerateAsync(string name, params string[] extra)
    {
        var path = Path.Combine(_directory, name);
        var (exit, output, error) = await HubRunner.OnSqlite(Path.Combine(_directory, "data")).RunAsync(["generate", "dukcapil", "--out", path, .. extra]);
        Assert.True(exit == 0, error);
        return (path, output);
    }

    [Fact]
    public async Task Generate_SameSeedAndDay_WritesTheSameFile()
    {
        var (a, _) = await GenerateAsync("a.csv", "--count", "300", "--seed", "7", "--today", "2026-01-01");
        var (b, _) = await GenerateAsync("b.csv", "--count", "300", "--seed", "7", "--today", "2026-01-01");
        var (c, _) = await GenerateAsync("c.csv", "--count", "300", "--seed", "8", "--today", "2026-01-01");

        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
        Assert.NotEqual(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(c));
        Assert.Equal(301, File.ReadLines(a).Count());
    }

    [Fact]
    public async Task Generate_ThenIngest_QuarantinesExactlyThePlantedDefectsWithTheirReasons()
    {
        var (path, output) = await GenerateAsync("export.csv", "--count", "2000", "--seed", "11", "--today", "2026-11-23", "--defect-rate", "0.05");
        var planted = DefectLine().Matches(output)
            .SelectMany(m => m.Groups[2].Value.Split(", ").Select(line => (Line: long.Parse(line), Reason: m.Groups[1].Value)))
            .OrderBy(d => d.Line)
            .ToList();
        Assert.InRange(planted.Count, 50, 150);
        Assert.Equal(7, planted.Select(p => p.Reason).Distinct().Count());

        var (exit, ingest, error) = await HubRunner.OnSqlite(Path.Combine(_directory, "data")).RunAsync("ingest", "--source", "dukcapil", path);

        Assert.True(exit == 0, error);
        Assert.Contains($"read 2000, accepted {2000 - planted.Count}, unchanged 0, quarantined {planted.Count}", ingest, StringComparison.Ordinal);
        var quarantined = Regex.Matches(ingest, @"line\s+(\d+)\s+(\S+)").Select(m => (Line: long.Parse(m.Groups[1].Value), Reason: m.Groups[2].Value)).ToList();
        Assert.Equal(planted, quarantined);
    }

    [Fact]
    public async Task BundledSample_IsWhatTheDocumentedCommandWrites()
    {
        // samples/README.md gives the command; the bundled file must be its output, byte for byte.
        var (path, output) = await GenerateAsync("sample.csv", "--count", "600", "--seed", "20251", "--today", "2026-11-23", "--defect-rate", "0.02");
        var bundled = Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv");

        Assert.Equal(await File.ReadAllBytesAsync(bundled), await File.ReadAllBytesAsync(path));
        Assert.Contains("12 broken on purpose", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--count", "-1")]
    [InlineData("--defect-rate", "1.5")]
    [InlineData("--today", "23-11-2026")]
    public async Task Generate_BadArguments_ExitTwoAndWriteNothing(string option, string value)
    {
        var path = Path.Combine(_directory, "bad.csv");

        var (exit, _, error) = await HubRunner.OnSqlite(Path.Combine(_directory, "data")).RunAsync("generate", "dukcapil", "--out", path, option, value);

        Assert.Equal(2, exit);
        Assert.NotEmpty(error);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
