using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Tests.Cli;

/// <summary>
/// <c>hub quarantine list</c> and <c>hub quarantine reprocess</c> through the real command line on SQLite: a row the
/// mapping refused is listed with its id, still fails before the mapping file is fixed (exit 2, the new reason), is
/// resolved after (exit 0, the run), and is refused again (exit 2); bad input exits 2 with a message.
/// </summary>
public sealed partial class QuarantineCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-quarantine-cli-").FullName;
    private readonly string _mapping;
    private readonly HubRunner _hub;

    public QuarantineCommandTests()
    {
        _mapping = Path.Combine(_directory, "dukcapil.json");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "mappings", "dukcapil.json"), _mapping);
        _hub = HubRunner.OnSqlite(Path.Combine(_directory, "data")).With(new Dictionary<string, string?> { ["Hub:Sources:dukcapil:Mapping"] = _mapping });
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"^\s*(\d+)\s+dukcapil\s+biodata\.csv:(\d+)\s+code\.Unknown\s+AGAMA\s+open$", RegexOptions.Multiline)]
    private static partial Regex ListedRow();

    private async Task<List<long>> IngestBadRowsAsync(int count)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv"));
        var rows = lines.Skip(1).Take(count).Select(l =>
        {
            var fields = l.Split(';');
            fields[7] = "PENGHAYAT";
            return string.Join(';', fields);
        });
        var file = Path.Combine(_directory, "biodata.csv");
        File.WriteAllLines(file, [lines[0], .. rows]);
        var (exit, output, error) = await _hub.RunAsync("ingest", "--source", "dukcapil", file);
        Assert.True(exit == 0, error);
        Assert.Contains($"quarantined {count}", output, StringComparison.Ordinal);
        var (listExit, listed, _) = await _hub.RunAsync("quarantine", "list", "--source", "dukcapil");
        Assert.Equal(0, listExit);
        return ListedRow().Matches(listed).Select(m => long.Parse(m.Groups[1].Value)).Order().ToList();
    }

    private void FixMapping()
    {
        var mapping = JsonNode.Parse(File.ReadAllText(_mapping))!.AsObject();
        var religion = mapping["rules"]!.AsArray().Single(r => (string?)r!["target"] == "religion")!;
        religion["transforms"]!.AsArray().Single(t => (string?)t!["op"] == "code")!["table"]!["PENGHAYAT"] = "kepercayaan";
        File.WriteAllText(_mapping, mapping.ToJsonString());
    }

    [Fact]
    public async Task Reprocess_StillFailsBeforeTheFix_ResolvesAfter_AndIsRefusedAgain()
    {
        var id = Assert.Single(await IngestBadRowsAsync(1)).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var before = await _hub.RunAsync("quarantine", "reprocess", id);
        Assert.Equal(2, before.Exit);
        Assert.Contains($"row {id}: still fails: code.Unknown (AGAMA)", before.Out, StringComparison.Ordinal);

        FixMapping();
        var after = await _hub.RunAsync("quarantine", "reprocess", id);
        Assert.True(after.Exit == 0, after.Error);
        var run = Regex.Match(after.Out, $@"row {id}: resolved, run ([0-9a-f-]{{36}})");
        Assert.True(run.Success, after.Out);
        var (_, runs, _) = await _hub.RunAsync("runs", "list", "--connector", "dukcapil");
        Assert.Matches($@"{run.Groups[1].Value}\s+dukcapil\s+Succeeded\s+reprocess", runs);
        var (_, resolved, _) = await _hub.RunAsync("quarantine", "list", "--status", "resolved");
        Assert.Contains($"resolved run {run.Groups[1].Value}", resolved, StringComparison.Ordinal);

        var again = await _hub.RunAsync("quarantine", "reprocess", id);
        Assert.Equal(2, again.Exit);
        Assert.Contains("already-resolved", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkReprocess_BySource_ResolvesTheOpenRows()
    {
        var ids = await IngestBadRowsAsync(2);
        Assert.Equal(2, ids.Count);
        FixMapping();

        var (exit, output, error) = await _hub.RunAsync("quarantine", "reprocess", "--source", "dukcapil", "--reason", "code.Unknown");

        Assert.True(exit == 0, error);
        Assert.Contains("re-processed 2: resolved 2, still failing 0", output, StringComparison.Ordinal);
        Assert.Empty(ListedRow().Matches((await _hub.RunAsync("quarantine", "list")).Out));
    }

    [Theory]
    [InlineData("quarantine reprocess abc", "not a quarantined row's id")]
    [InlineData("quarantine reprocess", "Give either a quarantined row's id, or --source")]
    [InlineData("quarantine reprocess 5 --source dukcapil", "Give either a quarantined row's id, or --source")]
    [InlineData("quarantine reprocess 5 --reason code.Unknown", "--reason goes with --source")]
    [InlineData("quarantine reprocess --source dukcapil --limit 0", "--limit must be between 1 and")]
    [InlineData("quarantine reprocess 987654", "No quarantined row 987654")]
    [InlineData("quarantine list --status closed", "Unknown status 'closed'")]
    public async Task BadInput_Exits2WithAMessage(string command, string message)
    {
        var (exit, _, error) = await _hub.RunAsync(command.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
