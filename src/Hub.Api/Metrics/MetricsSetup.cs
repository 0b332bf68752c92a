using System.Diagnostics.Metrics;
using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Metrics;

/// <summary>Registers the hub's instruments, the collector behind <c>/metrics</c>, and the request metrics middleware.</summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddHubMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<HubMetrics>();
        services.AddSingleton<ActiveClients>();
        // The collector listens to this host's meter only (its IMeterFactory is the meter's scope), so several hosts
        // in one process, as in tests, each count their own.
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IMeterFactory>();
            var collector = new PrometheusCollector(i => i.Meter.Name == HubMetrics.MeterName && ReferenceEquals(i.Meter.Scope, factory));
            _ = sp.GetRequiredService<HubMetrics>();
            _ = sp.GetRequiredService<ActiveClients>();
            return collector;
        });
        return services;
    }

    public static IApplicationBuilder UseHubMetrics(this IApplicationBuilder app)
    {
        // Created now, not at the first scrape, so that nothing recorded before the first scrape is lost.
        _ = app.ApplicationServices.GetRequiredService<PrometheusCollector>();
        return app.UseMiddleware<HttpMetricsMiddleware>();
    }
}
