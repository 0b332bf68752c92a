using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Startup;

/// <summary>
/// Start-up work before the API takes requests: apply migrations, and on the embedded default ingest the
/// bundled samples into an empty index. Then say where the API listens.
/// </summary>
internal sealed partial class HubStartup(
    HubDatabase database,
    IngestService ingest,
    StartupState state,
    IOptions<SamplesOptions> samples,
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
    Access.AccessBootstrap access,
    ILogger<HubStartup> logger) : IHostedService
{
    private Task? _agencySamples;

    private string SamplesDirectory => Path.IsPathRooted(samples.Value.Directory)
        ? samples.Value.Directory
        : Path.Combine(AppContext.BaseDirectory, samples.Value.Directory);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await database.Migrator.MigrateAsync(cancellationToken);
            LogMigrated(logger, database.Description, applied.Count, database.Migrator.LatestVersion);
            // A wrong or missing secrets key stops the start here, before any webhook is signed with it.
            var secrets = await database.Feeds.PrepareSecretsAsync(cancellationToken);
            if (secrets.Encrypted > 0)
            {
                LogSecretsEncrypted(logger, secrets.Encrypted, secrets.KeyFile);
            }

            if (await access.EnsureAdminAsync(cancellationToken) is { } keyFile)
            {
                LogBootstrapAdmin(logger, keyFile);
            }

            var firstStart = samples.Value.IngestAtFirstStart && await database.MasterIndex.CountPersonsAsync(cancellationToken) == 0;
            if (firstStart)
            {
                await IngestSamplesAsync(cancellationToken);
            }

            if (firstStart && samples.Value.ServeAgencies)
            {
                // BPJS is read over HTTP from this very process, so it can start only once the server listens.
                lifetime.ApplicationStarted.Register(() => _agencySamples = Task.Run(() => IngestAgencySamplesAsync(lifetime.ApplicationStopping)));
            }

            state.MarkReady();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.MarkFailed(ex.GetType().Name + ": " + ex.Message);
            throw;
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogListening(logger, address, File.Exists(access.KeyFile) ? access.KeyFile : "(none; use hub clients create)");
            }
        });
    }

    // Stopping waits for the background sample ingest (cancelled by ApplicationStopping, which fires first), so
    // nothing writes to the database after the host is gone.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_agencySamples is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task IngestAgencySamplesAsync(CancellationToken cancellationToken)
    {
        var directory = SamplesDirectory;
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var sources = new List<(string Name, SourceOptions Options)>();
        if (address is not null && File.Exists(Path.Combine(directory, "bpjs", "peserta.json")))
        {
            sources.Add(("bpjs", new SourceOptions
            {
                Kind = SourceKinds.RestJson,
                Rest = new Connectors.Rest.RestJsonSourceOptions
                {
                    BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)),
                    Path = Apis.SampleAgenciesApi.BpjsPath,
                    ItemsPath = "response.list",
                    UpdatedSinceParameter = "updatedSince",
                    UpdatedField = "lastUpdate",
                    KeyField = "noKartu",
                    AuthHeader = Apis.SampleAgenciesApi.TokenHeader,
                    AuthSecretVariable = Apis.SampleAgenciesApi.TokenVariable,
                },
            }));
        }

        var djp = Path.Combine(directory, "djp", "wajib-pajak.db");
        if (File.Exists(djp))
        {
            sources.Add(("djp", new SourceOptions
            {
                Kind = SourceKinds.SqlTable,
                Sql = new Connectors.Sql.SqlTableSourceOptions
                {
                    ProviderName = "Microsoft.Data.Sqlite",
                    ConnectionString = $"Data Source={djp}",
                    Table = "WAJIB_PAJAK",
                    KeyColumn = "NPWP",
                    IncrementalColumn = "LAST_UPDATED",
                },
            }));
        }

        foreach (var (name, options) in sources)
        {
            try
            {
                var summary = await ingest.IngestSourceAsync(name, options, null, cancellationToken);
                LogSamples(logger, name, summary.Location, summary.Counts.Read, summary.Counts.Accepted, summary.Counts.Quarantined);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSampleFailed(logger, name, ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    private async Task IngestSamplesAsync(CancellationToken cancellationToken)
    {
        var directory = SamplesDirectory;
        foreach (var (name, source) in configuration.GetSources())
        {
            // The samples are read in place as named files: nothing bundled is moved, and no cursor is kept.
            var path = Path.Combine(directory, source.Csv.Directory ?? name);
            if (source.Kind != SourceKinds.CsvFile || !Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(path, source.Csv.Pattern).Order(StringComparer.Ordinal))
            {
                var summary = await ingest.IngestFilesAsync(name, source, [file], null, cancellationToken);
                LogSamples(logger, name, Path.GetFileName(file), summary.Counts.Read, summary.Counts.Accepted, summary.Counts.Quarantined);
            }
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Database {Database}: {Applied} migration(s) applied, schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, string database, int applied, int version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Ingested sample {Source} file {File}: read {Read}, accepted {Accepted}, quarantined {Quarantined}")]
    private static partial void LogSamples(ILogger logger, string source, string file, long read, long accepted, long quarantined);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Sample source {Source} could not be ingested: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "IntegrationHub is ready at {Address} — the operations console is at {Address}/console/; try {Address}/api/v1/persons/{{nik}} and {Address}/health; the admin API key is in {KeyFile}")]
    private static partial void LogListening(ILogger logger, string address, string keyFile);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Encrypted the plain-text webhook secrets of {Count} subscription(s) under the key in {KeyFile}")]
    private static partial void LogSecretsEncrypted(ILogger logger, int count, string keyFile);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "No API client existed: created the client 'admin' (role admin, purpose admin-ops); its key is in {KeyFile}, readable by this user only")]
    private static partial void LogBootstrapAdmin(ILogger logger, string keyFile);
}
