using IntegrationHub.Core.Audit;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Worker.Audit;

/// <summary>The one place the audit log is wired up, for the API (<see cref="AddHubAudit"/>) and the command line (<see cref="Open"/>).</summary>
public static class AuditSetup
{
    /// <summary>
    /// Registers the audit log: <see cref="IAuditLog"/> and <see cref="AuditStore"/> (one group-committing writer per
    /// process, on the registered <see cref="HubDatabase"/>), the keys (<see cref="AuditKeys"/>), and the hosted
    /// service that seals the chain every <see cref="AuditOptions.SealInterval"/> and when the host stops.
    /// </summary>
    public static IServiceCollection AddHubAudit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetAuditOptions();
        var storage = configuration.GetStorageOptions();
        services.AddSingleton(options);
        services.AddSingleton(_ => AuditKeys.Load(options, storage));
        services.AddSingleton(sp => new AuditStore(
            sp.GetRequiredService<HubDatabase>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            new AuditStoreOptions { MaxBatch = options.MaxBatch }));
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditStore>());
        services.AddSingleton(sp => new Reports.AuditReports(
            sp.GetRequiredService<HubDatabase>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetService<Core.MasterIndex.SurvivorshipPolicy>() ?? Core.MasterIndex.SurvivorshipPolicy.Default));
        services.AddHostedService<AuditSealingService>();
        return services;
    }

    /// <summary>The command line's audit log and keys on an open database (the caller disposes both).</summary>
    public static (AuditStore Store, AuditKeys Keys) Open(HubDatabase database, IConfiguration configuration, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetAuditOptions();
        var keys = AuditKeys.Load(options, configuration.GetStorageOptions());
        return (new AuditStore(database, time, new AuditStoreOptions { MaxBatch = options.MaxBatch }), keys);
    }
}
