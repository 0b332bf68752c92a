using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IntegrationHub.Api.Startup;

/// <summary>Wires the hub into the ASP.NET Core host: configuration, logging, storage, start-up work.</summary>
internal static class HubSetup
{
    public static WebApplicationBuilder AddHub(this WebApplicationBuilder builder)
    {
        // The samples' own source configuration (samples/hub.json) sits under everything an operator sets.
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "samples", "hub.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddHubSources();
        var storage = builder.Configuration.GetStorageOptions();
        var problems = storage.Validate();
        if (problems.Count > 0)
        {
            // Reported all at once, naming the settings, before anything starts.
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        // Always the masking JSON formatter, whatever the configuration says: framework request logs carry the
        // request path, and a lookup's path carries a NIK.
        builder.Logging.AddConsoleFormatter<RedactingJsonConsoleFormatter, ConsoleFormatterOptions>();
        builder.Logging.AddConsole(o => o.FormatterName = RedactingJsonConsoleFormatter.FormatterName);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => HubDatabase.Open(storage, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(SurvivorshipPolicy.Default);
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<StartupState>();
        builder.Services.Configure<SamplesOptions>(builder.Configuration.GetSection(SamplesOptions.SectionName));
        builder.Services.AddHostedService<HubStartup>();
        return builder;
    }

    public static WebApplication UseHubRequestPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
