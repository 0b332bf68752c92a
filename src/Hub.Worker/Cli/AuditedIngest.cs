using IntegrationHub.Storage;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Worker.Audit;
using IntegrationHub.Worker.Ingest;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// What a command that writes to the index needs (<c>hub ingest</c>, <c>hub quarantine reprocess</c>): the database,
/// migrated; the loggers; the audit log; and an <see cref="IngestService"/> auditing to it. Disposed in reverse
/// order, the audit log before the database, so that every batch's audit entry is committed by then.
/// </summary>
internal sealed class AuditedIngest : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly AuditStore _auditStore;
    private readonly AuditKeys _auditKeys;

    private AuditedIngest(HubDatabase database, ILoggerFactory loggers, AuditStore auditStore, AuditKeys auditKeys)
    {
        Database = database;
        _loggers = loggers;
        _auditStore = auditStore;
        _auditKeys = auditKeys;
        Logger = loggers.CreateLogger<IngestService>();
        Service = new IngestService(database, TimeProvider.System, Logger, audit: auditStore);
    }

    public HubDatabase Database { get; }

    public ILogger<IngestService> Logger { get; }

    public IngestService Service { get; }

    /// <summary>Opens it all, or returns null when the database or the audit log cannot be opened (the reason is written).</summary>
    public static async Task<AuditedIngest?> OpenAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var database = context.OpenDatabase();
        if (database is null)
        {
            return null;
        }

        var loggers = context.CreateLoggerFactory();
        try
        {
            await database.Migrator.MigrateAsync(cancellationToken);
            if (AuditCommand.Open(context, database) is { } audit)
            {
                return new AuditedIngest(database, loggers, audit.Store, audit.Keys);
            }
        }
        catch
        {
            loggers.Dispose();
            await database.DisposeAsync();
            throw;
        }

        loggers.Dispose();
        await database.DisposeAsync();
        return null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _auditKeys.Dispose();
        await _auditStore.DisposeAsync();
        _loggers.Dispose();
        await Database.DisposeAsync();
    }
}
