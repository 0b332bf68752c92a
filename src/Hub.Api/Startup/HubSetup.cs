using IntegrationHub.Api.Access;
using IntegrationHub.Api.Health;
using IntegrationHub.Api.Metrics;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Audit;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Feeds;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Logging;
using IntegrationHub.Worker.Scheduling;
using Microsoft.Extensions.Logging.Console;

namespace IntegrationHub.Api.Startup;

/// <summary>Wires the hub into the ASP.NET Core host: configuration, logging, storage, metrics, health, start-up work.</summary>
internal static class HubSetup
{
    /// <summary>
    /// Checks the whole configuration and, when it is usable, registers the hub's services. Returns every
    /// configuration problem (nothing is registered then), so that the caller reports them all at once.
    /// </summary>
    public static IReadOnlyList<ConfigurationProblem> TryAddHub(this WebApplicationBuilder builder)
    {
        // The samples' own source configuration (samples/hub.json) sits under everything an operator sets.
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "samples", "hub.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddHubSources();
        var problems = ApiConfigurationValidator.Validate(builder.Configuration).Concat(FeedDeliveryOptions.From(builder.Configuration).Validate()).ToList();
        if (problems.Count > 0)
        {
            return problems;
        }

        var storage = builder.Configuration.GetStorageOptions();

        // Always the masking JSON formatter, whatever the configuration says: framework request logs carry the
        // request path, and a lookup's path carries a NIK.
        builder.Logging.AddConsoleFormatter<RedactingJsonConsoleFormatter, ConsoleFormatterOptions>();
        builder.Logging.AddConsole(o => o.FormatterName = RedactingJsonConsoleFormatter.FormatterName);
        // The scheduler library narrates its start-up at Information; its warnings and errors are what operators need.
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => HubDatabase.Open(storage, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(SurvivorshipPolicy.Default);
        builder.Services.AddHubMetrics(builder.Configuration);
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddSingleton<IReadinessCheck, StartupReadinessCheck>();
        builder.Services.AddSingleton<IReadinessCheck, DatabaseReadinessCheck>();
        builder.Services.Configure<SamplesOptions>(builder.Configuration.GetSection(SamplesOptions.SectionName));
        builder.Services.Configure<StatsOptions>(builder.Configuration.GetSection(StatsOptions.SectionName));
        builder.Services.AddSingleton<Apis.StatsCache>();
        builder.Services.AddHubAccess(builder.Configuration);
        builder.Services.AddSingleton<Access.AccessBootstrap>();
        builder.Services.AddOpenApi();
        builder.Services.AddHostedService<HubStartup>();
        // After HubStartup: the sealing service starts once migrations are applied.
        builder.Services.AddHubAudit(builder.Configuration);
        builder.Services.AddFeedDelivery(builder.Configuration);
        // After HubStartup, so the schema is migrated before schedules are written and runs execute.
        builder.Services.AddHubScheduling(builder.Configuration);
        builder.Services.AddSingleton<IReadinessCheck, SchedulerReadinessCheck>();
        return [];
    }

    public static WebApplication UseHubRequestPipeline(this WebApplication app)
    {
        // Outermost, so that every log line of a request, the exception handler's included, carries its id.
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Inside the exception handler: an exception passing through is counted as the 500 it becomes.
        app.UseHubMetrics();
        app.UseHubAccess();
        return app;
    }
}
