using IntegrationHub.Api.Apis;
using IntegrationHub.Api.Startup;

// Settings are read from beside the program, wherever it is started from; data goes under the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddHub();

var app = builder.Build();
app.UseHubRequestPipeline();
app.MapHealthApi();
app.MapPersonsApi();
app.MapIdentityApi();
app.MapSampleAgenciesApi(app.Configuration);
app.Run();

/// <summary>The API's entry point; public so that tests can host it.</summary>
public partial class Program;
