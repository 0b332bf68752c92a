using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Metrics;

/// <summary><c>GET /metrics</c>: the hub's indicators in the Prometheus text format, for a scraper.</summary>
internal static class MetricsApi
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetMetricsAsync).WithName("Metrics").ExcludeFromDescription();
        return routes;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult> GetMetricsAsync(MetricsScrape scrape, CancellationToken cancellationToken) =>
        TypedResults.Text(await scrape.WriteAsync(cancellationToken), MetricsScrape.ContentType);
}
