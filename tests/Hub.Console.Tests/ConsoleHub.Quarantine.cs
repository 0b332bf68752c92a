namespace IntegrationHub.Console.Tests;

/// <summary>Rows for the quarantine page: a crafted Dukcapil file ingested once with the real <c>hub ingest</c>.</summary>
public sealed partial class ConsoleHub
{
    private readonly Lock _quarantineLock = new();
    private Task<QuarantinedRows>? _quarantined;

    /// <summary>
    /// Ingests (once per hub) two copies of a sample row whose NIK is broken, one with a letter (nik.NonDigit, line 2)
    /// and one too short (nik.WrongLength, line 3), so that the hub quarantines them.
    /// </summary>
    public Task<QuarantinedRows> EnsureQuarantinedRowsAsync()
    {
        lock (_quarantineLock)
        {
            return _quarantined ??= IngestQuarantinedRowsAsync();
        }
    }

    private async Task<QuarantinedRows> IngestQuarantinedRowsAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot(), "samples", "dukcapil", "biodata-sample.csv"));
        var fields = lines[4].Split(';');
        var nonDigit = fields[0][..10] + "AB" + fields[0][12..];
        var nonDigitRow = string.Join(';', new[] { nonDigit }.Concat(fields[1..]));
        var shortRow = string.Join(';', new[] { fields[0][..15] }.Concat(fields[1..]));
        const string name = "quarantine-rows.csv";
        var file = Path.Combine(_directory, name);
        await File.WriteAllLinesAsync(file, [lines[0], nonDigitRow, shortRow]);
        var output = await RunHubAsync(["ingest", "--source", "dukcapil", file]);
        Assert.Contains("quarantined 2", output, StringComparison.Ordinal);
        return new QuarantinedRows(name, nonDigit);
    }
}

/// <summary>The crafted file's name and the NIK with a letter in it.</summary>
public sealed record QuarantinedRows(string File, string NonDigitNik);
