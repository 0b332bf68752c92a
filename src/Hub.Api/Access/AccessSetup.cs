using System.Globalization;
using System.Threading.RateLimiting;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Access;

/// <summary>
/// Registers and orders everything that guards the API: API-key authentication, authorization by role (every
/// endpoint needs a key unless marked anonymous), the per-client rate limiter, the request body limit, the audit
/// log and the access policies.
/// </summary>
internal static class AccessSetup
{
    public static IServiceCollection AddHubAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccessOptions>(configuration.GetSection(AccessOptions.SectionName));
        services.AddAuthentication(HubPrincipal.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(HubPrincipal.Scheme, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(HubPrincipal.Scheme).RequireAuthenticatedUser().Build());
        services.AddSingleton<IAccessPolicyReader>(sp => sp.GetRequiredService<HubDatabase>().Access);

        // The hash-chained audit log itself is registered by AddHubAudit.
        services.AddSingleton(sp => new AccessAdministration(sp.GetRequiredService<HubDatabase>(), sp.GetRequiredService<IAuditLog>()));

        // A body that is not JSON, or not the expected shape, or too large, is the caller's mistake: 400/413 as
        // ProblemDetails in every environment, never an exception page or a 500.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value;
                var client = HubPrincipal.ClientId(context.User);
                if (client is null || options.RateLimitPermits <= 0)
                {
                    // Unauthenticated requests are refused (or are health probes) before doing work; not limited here.
                    return RateLimitPartition.GetNoLimiter("");
                }

                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RateLimitPermits,
                    Window = TimeSpan.FromSeconds(Math.Max(1, options.RateLimitWindowSeconds)),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This client has used its requests for now; retry after {seconds} s.",
                        Type = "urn:integrationhub:problem:rate-limited",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>The request body limit, then authentication, the rate limiter (per client) and authorization.</summary>
    public static WebApplication UseHubAccess(this WebApplication app)
    {
        app.Use(LimitBodyAsync);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    // Kestrel enforces the same limit while reading (413 on an oversized chunked body); this answers early for a
    // declared Content-Length and also applies under the in-memory test server.
    private static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is { } length && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"Request bodies may be at most {limit} bytes.",
                    Type = "urn:integrationhub:problem:body-too-large",
                },
            });
            return;
        }

        await next(context);
    }
}
