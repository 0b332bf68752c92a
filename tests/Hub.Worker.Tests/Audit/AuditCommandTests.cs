using Dapper;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Tests.Audit;

/// <summary><c>hub audit verify</c>, <c>seal</c> and <c>keygen</c> through the real command line, on each engine.</summary>
public abstract class AuditCommandTests : IDisposable
{
    private readonly string _sample;

    protected AuditCommandTests()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv");
        _sample = Path.Combine(Directory, "biodata-sample.csv");
        // 60 rows in batches of 20: three committed batches, three ingest.batch entries.
        File.WriteAllLines(_sample, File.ReadLines(sample).Take(61));
    }

    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hub-audit-cli-").FullName;

    protected abstract Task<HubRunner> CreateRunnerAsync();

    protected abstract string DisableAppendOnlySql { get; }

    private async Task<HubRunner> IngestedAsync(string? keyFile = null)
    {
        var settings = new Dictionary<string, string?> { ["Hub:Sources:dukcapil:BatchSize"] = "20" };
        if (keyFile is not null)
        {
            settings["Hub:Audit:SigningKeyFile"] = keyFile;
        }

        var runner = (await CreateRunnerAsync()).With(settings);
        var ingest = await runner.RunAsync("ingest", "--source", "dukcapil", _sample);
        Assert.True(ingest.Exit == 0, ingest.Error);
        return runner;
    }

    [Fact]
    public async Task Verify_AfterIngestAndSeal_ExitsZeroAndCountsTheBatchEntries()
    {
        var runner = await IngestedAsync();
        Assert.Contains("sealed up to entry 3", (await runner.RunAsync("audit", "seal")).Out, StringComparison.Ordinal);

        var verify = await runner.RunAsync("audit", "verify");

        Assert.True(verify.Exit == HubCommandLine.Ok, verify.Out + verify.Error);
        Assert.Contains("3 entries checked, 1 seals, sealed up to entry 3", verify.Out, StringComparison.Ordinal);
        Assert.Contains("ok: the chain verifies up to entry 3", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnEntryEditedInTheDatabase_ExitsOneAndNamesIt()
    {
        var runner = await IngestedAsync();
        await using (var database = HubDatabase.Open(runner.Configuration.GetStorageOptions()))
        await using (var connection = await database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(DisableAppendOnlySql);
            await connection.ExecuteAsync("UPDATE audit_entry SET detail = '{\"accepted\":0}' WHERE seq = 2");
        }

        var verify = await runner.RunAsync("audit", "verify");

        Assert.Equal(HubCommandLine.Failed, verify.Exit);
        Assert.Contains("TAMPERED: first bad entry 2 (modified)", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keygen_NewKeyNotTrusted_SealsOfTheOldKeyFailUntilItsPublicKeyIsTrusted()
    {
        var oldKey = Path.Combine(Directory, "old.pem");
        var newKey = Path.Combine(Directory, "new.pem");
        var runner = await IngestedAsync();
        var missing = await runner.With(new Dictionary<string, string?> { ["Hub:Audit:SigningKeyFile"] = Path.Combine(Directory, "missing.pem") }).RunAsync("audit", "verify");
        Assert.Equal(HubCommandLine.BadInput, missing.Exit);
        Assert.Contains("Hub:Audit:SigningKeyFile", missing.Error, StringComparison.Ordinal);

        var keygen = await runner.RunAsync("audit", "keygen", "--out", oldKey);
        Assert.True(keygen.Exit == 0, keygen.Error);
        Assert.True(File.Exists(Path.Combine(Directory, "old.pub.pem")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(oldKey));
        }

        Assert.Equal(HubCommandLine.BadInput, (await runner.RunAsync("audit", "keygen", "--out", oldKey)).Exit);
        var withOld = runner.With(new Dictionary<string, string?> { ["Hub:Audit:SigningKeyFile"] = oldKey });
        Assert.Equal(0, (await withOld.RunAsync("audit", "seal")).Exit);
        Assert.Equal(0, (await runner.RunAsync("audit", "keygen", "--out", newKey)).Exit);
        var withNew = runner.With(new Dictionary<string, string?> { ["Hub:Audit:SigningKeyFile"] = newKey });

        var untrusted = await withNew.RunAsync("audit", "verify");
        var trusted = await withNew.With(new Dictionary<string, string?> { ["Hub:Audit:TrustedPublicKeyFiles:0"] = Path.Combine(Directory, "old.pub.pem") }).RunAsync("audit", "verify");

        Assert.Equal(HubCommandLine.Failed, untrusted.Exit);
        Assert.Contains("not a trusted key", untrusted.Out, StringComparison.Ordinal);
        Assert.True(trusted.Exit == HubCommandLine.Ok, trusted.Out + trusted.Error);
    }

    [Fact]
    public async Task Report_LineageThenAccess_TheLineageReadShowsInTheAccessReport()
    {
        var runner = await IngestedAsync();
        var nik = File.ReadLines(_sample).Skip(1).First().Split(';')[0];

        var lineage = await runner.RunAsync("report", "lineage", "--nik", nik, "--actor", "inspektorat-1", "--purpose", "pdp-audit");
        var access = await runner.RunAsync("report", "access", "--nik", nik, "--format", "csv");
        var summary = await runner.RunAsync("report", "access-summary", "--client", "inspektorat-1", "--format", "csv");

        Assert.True(lineage.Exit == HubCommandLine.Ok, lineage.Error);
        var document = System.Text.Json.JsonDocument.Parse(lineage.Out).RootElement;
        Assert.Equal(nik, document.GetProperty("nik").GetString());
        Assert.Contains(document.GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == "name.full" && f.GetProperty("source").GetString() == "dukcapil");
        var rows = access.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("seq,at,actor,action,purpose,fields,request_id", rows[0]);
        Assert.Contains(",inspektorat-1,report.lineage,pdp-audit,", Assert.Single(rows[1..]), StringComparison.Ordinal);
        Assert.StartsWith("inspektorat-1,report.lineage,pdp-audit,1,1,", summary.Out.Split("\r\n")[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report", "lineage")]
    [InlineData("report", "lineage", "--nik", "12345")]
    [InlineData("report", "lineage", "--nik", "3201010101010999")]
    [InlineData("report", "access", "--person-id", "not-a-guid")]
    [InlineData("report", "access-summary", "--from", "yesterday")]
    [InlineData("report", "access-summary", "--format", "xml")]
    public async Task Report_BadInput_ExitsTwoWithAMessage(params string[] args)
    {
        var runner = await CreateRunnerAsync();

        var result = await runner.RunAsync(args);

        Assert.Equal(HubCommandLine.BadInput, result.Exit);
        Assert.StartsWith("report: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_InvalidAuditSettings_ExitsTwoNamingEachSetting()
    {
        var runner = (await CreateRunnerAsync()).With(new Dictionary<string, string?>
        {
            ["Hub:Audit:SigningKeyPem"] = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----",
            ["Hub:Audit:SealInterval"] = "00:00:00",
            ["Hub:Audit:MaxBatch"] = "0",
        });

        var verify = await runner.RunAsync("audit", "verify");

        Assert.Equal(HubCommandLine.BadInput, verify.Exit);
        Assert.Contains("Hub:Audit:SigningKeyPem", verify.Error, StringComparison.Ordinal);
        Assert.Contains("Hub:Audit:SealInterval", verify.Error, StringComparison.Ordinal);
        Assert.Contains("Hub:Audit:MaxBatch", verify.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", verify.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteAuditCommandTests : AuditCommandTests
{
    protected override Task<HubRunner> CreateRunnerAsync() => Task.FromResult(HubRunner.OnSqlite(Path.Combine(Directory, "data")));

    protected override string DisableAppendOnlySql => "DROP TRIGGER audit_entry_no_update";

    [Fact]
    public async Task Ingest_WithoutAConfiguredKey_GeneratesAnOwnerOnlyKeyInTheDataDirectory()
    {
        var runner = await CreateRunnerAsync();

        Assert.Equal(0, (await runner.RunAsync("audit", "seal")).Exit);

        var key = Path.Combine(Directory, "data", "audit-signing-key.pem");
        Assert.Contains("PRIVATE KEY", await File.ReadAllTextAsync(key), StringComparison.Ordinal);
        Assert.Contains("PUBLIC KEY", await File.ReadAllTextAsync(Path.Combine(Directory, "data", "audit-signing-key.pub.pem")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }
}

public sealed class PostgresAuditCommandTests : AuditCommandTests
{
    protected override Task<HubRunner> CreateRunnerAsync() => HubRunner.OnFreshPostgresAsync();

    protected override string DisableAppendOnlySql => "ALTER TABLE audit_entry DISABLE TRIGGER USER";
}
