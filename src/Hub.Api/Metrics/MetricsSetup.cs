using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Metrics;

/// <summary>Registers the hub's instruments, the collector behind <c>/metrics</c>, and the request metrics middleware.</summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddHubMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHubMetricsCollection(MetricsOptions.FromConfiguration(configuration));
        services.AddSingleton<ActiveClients>();
        return services;
    }

    public static IApplicationBuilder UseHubMetrics(this IApplicationBuilder app)
    {
        // Created now, not at the first scrape, so that nothing recorded before the first scrape is lost.
        _ = app.ApplicationServices.GetRequiredService<PrometheusCollector>();
        _ = app.ApplicationServices.GetRequiredService<ActiveClients>();
        return app.UseMiddleware<HttpMetricsMiddleware>();
    }
}
