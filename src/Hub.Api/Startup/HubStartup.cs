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
    ILogger<HubStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await database.Migrator.MigrateAsync(cancellationToken);
            LogMigrated(logger, database.Description, applied.Count, database.Migrator.LatestVersion);
            if (samples.Value.IngestAtFirstStart && await database.MasterIndex.CountPersonsAsync(cancellationToken) == 0)
            {
                await IngestSamplesAsync(cancellationToken);
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
                LogListening(logger, address);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task IngestSamplesAsync(CancellationToken cancellationToken)
    {
        var directory = Path.IsPathRooted(samples.Value.Directory)
            ? samples.Value.Directory
            : Path.Combine(AppContext.BaseDirectory, samples.Value.Directory);
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

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "IntegrationHub is ready at {Address} — try {Address}/api/v1/persons/{{nik}} and {Address}/health")]
    private static partial void LogListening(ILogger logger, string address);
}
