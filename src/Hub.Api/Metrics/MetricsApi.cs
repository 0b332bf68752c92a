namespace IntegrationHub.Api.Metrics;

/// <summary><c>GET /metrics</c>: the hub's indicators in the Prometheus text format, for a scraper.</summary>
internal static class MetricsApi
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetMetrics).WithName("Metrics").ExcludeFromDescription();
        return routes;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult GetMetrics(PrometheusCollector collector) =>
        TypedResults.Text(PrometheusTextFormat.Write(collector.Collect()), PrometheusTextFormat.ContentType);
}
