using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace IntegrationHub.Api.Startup;

/// <summary>
/// Serves the operations console (plain HTML, CSS and ES modules from <c>wwwroot/console</c> beside the program) at
/// <c>/console/</c>, and sends <c>/</c> there. Everything the console loads comes from the hub itself: the content
/// security policy allows no other origin.
/// </summary>
internal static class OperationsConsole
{
    public const string Path = "/console";

    // No inline script, no other origin, no framing; images may be data: URIs (none are used today).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication UseOperationsConsole(this WebApplication app)
    {
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "console");
        if (!Directory.Exists(root))
        {
            // A build without the console's files still serves the API; /console/ then answers 404.
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.MapGet("/", () => TypedResults.Redirect(Path + "/")).ExcludeFromDescription().AllowAnonymous();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers[HeaderNames.XContentTypeOptions] = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    // The console is small; always revalidate so that an upgrade shows at once.
                    headers[HeaderNames.CacheControl] = "no-cache";
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path });
        return app;
    }
}
