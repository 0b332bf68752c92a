using IntegrationHub.Api.Access;
using IntegrationHub.Api.Apis;
using IntegrationHub.Core.Access;
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

// Authorization per area, one line each (docs/access.md has the table). Anything not marked still needs a key.
app.MapGroup("").AllowAnonymous().MapHealthApi();
app.MapOpenApi().AllowAnonymous();
app.MapGroup("").RequireHubRole(HubRole.Admin, HubRole.Engineer).MapMetricsApi();
app.MapPersonsApi(); // subscriber, auditor, admin; each request bound to a purpose and its policy
app.MapGroup("").RequireHubRole(HubRole.Engineer, HubRole.Admin).MapIdentityApi();
app.MapGroup("").AllowAnonymous().MapStatsApi(); // public, or its own key, by Hub:Stats:Access
app.MapGroup("").RequireHubRole(HubRole.Admin).MapAdminApi();
app.MapGroup("").RequireHubRole(HubRole.Subscriber, HubRole.Admin).MapFeedPullApi(); // a subscriber reads only its own subscriptions
app.MapGroup("").RequireHubRole(HubRole.Admin).MapSubscriptionsApi();
app.MapGroup("").RequireHubRole(HubRole.Auditor, HubRole.Admin).MapAuditApi();
app.MapGroup("").RequireHubRole(HubRole.Auditor, HubRole.Admin).MapReportsApi(); // each read names a purpose and is audited
app.MapSampleAgenciesApi(app.Configuration); // its own agency token, not hub keys
await app.RunAsync();
return 0;

/// <summary>The API's entry point; public so that tests can host it.</summary>
public partial class Program;
