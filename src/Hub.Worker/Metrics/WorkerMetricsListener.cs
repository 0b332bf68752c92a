using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// The <c>hub worker</c>'s metrics listener: a small Kestrel server on <see cref="MetricsOptions.WorkerListen"/> that
/// answers <c>GET /metrics</c> with the same Prometheus text as the API (this process's delivery and run counters,
/// and feed lag from the database), and nothing else. No authentication: it listens on loopback unless
/// <see cref="MetricsOptions.AllowRemote"/> says otherwise.
/// </summary>
internal sealed partial class WorkerMetricsListener(MetricsScrape scrape, MetricsOptions options, ILogger<WorkerMetricsListener> logger) : IAsyncDisposable
{
    /// <summary>The path served.</summary>
    public const string Path = "/metrics";

    private WebApplication? _app;

    /// <summary>The address it listens on once started (the real port when 0 was configured).</summary>
    public string? Address { get; private set; }

    /// <summary>Starts listening; an <see cref="IOException"/> when the address cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WorkerMetricsListener).Assembly.GetName().Name });
        // The worker's own logging writes the lines that matter; this inner server says nothing.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.WorkerListenUrl!);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 0;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        var app = builder.Build();
        _app = app;
        app.MapGet(Path, async (CancellationToken ct) => Results.Text(await scrape.WriteAsync(ct), MetricsScrape.ContentType));
        await app.StartAsync(cancellationToken);
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        LogListening(logger, Address + Path);
    }

    /// <summary>Stops listening.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Metrics served at {Url}.")]
    private static partial void LogListening(ILogger logger, string url);
}
