using System.Diagnostics;
using IntegrationHub.Api.Access;
using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Metrics;

/// <summary>
/// Records every request's duration, and server errors, by endpoint and client (the authenticated client id, or
/// <c>anonymous</c>), and notes the client as active. The endpoint is the matched
/// route's template (<c>/api/v1/persons/{nik}</c>), never the path itself, which would put a NIK into a label
/// (and give every person a series of their own); requests no route matches count as <c>unmatched</c>.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, HubMetrics metrics, ActiveClients activeClients)
{
    public const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // An exception escaping here becomes a 500 in the exception handler outside this middleware.
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            // Authentication runs inside this middleware, so the caller is known by now.
            var client = HubPrincipal.ClientId(context.User);
            if (client is not null)
            {
                activeClients.Seen(client);
            }

            metrics.RecordRequest(EndpointName(context), context.Request.Method, status, client ?? HubMetrics.AnonymousClient, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string EndpointName(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? template : Unmatched;
}
