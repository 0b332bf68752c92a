using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Bench;

/// <summary>
/// The synthetic BPJS peserta API on 127.0.0.1 (Kestrel, a free port): <c>GET /peserta?page=P&amp;size=S</c> returns
/// the JSON array of records (P-1)*S .. P*S-1, pre-rendered, so the server costs the client as little as possible.
/// It runs in the parent process, so the child's peak memory is the hub's alone.
/// </summary>
internal sealed class BpjsServer : IAsyncDisposable
{
    public const string Path = "/peserta";
    private const int MaxPageSize = 5000;

    private readonly WebApplication _app;

    private BpjsServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<BpjsServer> StartAsync(IReadOnlyList<byte[]> records, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet(Path, (HttpContext context) => WritePageAsync(context, records));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BpjsServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task WritePageAsync(HttpContext context, IReadOnlyList<byte[]> records)
    {
        if (!int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1
            || !int.TryParse(context.Request.Query["size"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        size = Math.Min(size, MaxPageSize);
        var from = (int)Math.Min((long)(page - 1) * size, records.Count);
        var to = Math.Min(from + size, records.Count);
        var length = 2 + Math.Max(0, to - from - 1);
        for (var i = from; i < to; i++)
        {
            length += records[i].Length;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = length;
        var body = context.Response.Body;
        var ct = context.RequestAborted;
        await body.WriteAsync("["u8.ToArray(), ct);
        for (var i = from; i < to; i++)
        {
            if (i > from)
            {
                await body.WriteAsync(","u8.ToArray(), ct);
            }

            await body.WriteAsync(records[i], ct);
        }

        await body.WriteAsync("]"u8.ToArray(), ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
