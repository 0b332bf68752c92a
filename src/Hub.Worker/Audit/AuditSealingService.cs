using IntegrationHub.Storage.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Audit;

/// <summary>Seals the audit chain every <see cref="AuditOptions.SealInterval"/>, and once more when the host stops.</summary>
internal sealed partial class AuditSealingService(AuditStore store, AuditKeys keys, AuditOptions options, TimeProvider time, ILogger<AuditSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SealInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SealAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync seals once more.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await SealAsync(cancellationToken);
    }

    private async Task SealAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await store.SealAsync(keys.Signing, cancellationToken) is { } seal)
            {
                LogSealed(logger, seal.UpToSeq, seal.KeyId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; an unsealed stretch is still hash-chained.
            LogSealFailed(logger, ex.GetType().Name + ": " + ex.Message);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Audit chain sealed up to entry {Seq} with key {KeyId}")]
    private static partial void LogSealed(ILogger logger, long seq, string keyId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Audit chain could not be sealed: {Reason}")]
    private static partial void LogSealFailed(ILogger logger, string reason);
}
