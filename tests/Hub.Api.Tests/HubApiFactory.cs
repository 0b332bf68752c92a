using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IntegrationHub.Api.Tests;

/// <summary>The real API in-process on a database of its own: an SQLite directory, or a fresh PostgreSQL database.</summary>
public sealed class HubApiFactory(string? dataDirectory, string? postgres) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (postgres is not null)
        {
            builder.UseSetting("Hub:Storage:PostgresConnectionString", postgres);
        }

        if (dataDirectory is not null)
        {
            builder.UseSetting("Hub:Storage:DataDirectory", dataDirectory);
        }

        builder.UseSetting("Hub:Samples:IngestAtFirstStart", "true");
        // The in-memory test server listens nowhere, so the hub could not read its own sample BPJS API;
        // ApiProcessTests covers that against the real process.
        builder.UseSetting("Hub:Samples:ServeAgencies", "false");
    }
}
