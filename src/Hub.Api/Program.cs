using IntegrationHub.Api.Apis;
using IntegrationHub.Api.Metrics;
using IntegrationHub.Api.Startup;
using IntegrationHub.Worker.Configuration;

// Settings are read from beside the program, wherever it is started from; data goes under the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (builder.TryAddHub() is { Count: > 0 } problems)
{
    // Every problem at once, each naming its setting; no stack trace. Exit code 2: the configuration must be fixed.
    ConfigurationProblem.WriteReport(Console.Error, "IntegrationHub", problems);
    return 2;
}

var app = builder.Build();
app.UseHubRequestPipeline();
app.UseOperationsConsole();
app.MapHealthApi();
app.MapMetricsApi();
app.MapPersonsApi();
app.MapIdentityApi();
app.MapStatsApi();
app.MapOverviewApi();
app.MapAuditApi();
app.MapReportsApi();
app.MapSampleAgenciesApi(app.Configuration);
await app.RunAsync();
return 0;

/// <summary>The API's entry point; public so that tests can host it.</summary>
public partial class Program;
