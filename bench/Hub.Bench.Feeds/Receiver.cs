using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Bench.Feeds;

/// <summary>A Kestrel receiver on loopback: reads each body, notes when each sequence number first arrived, answers 204.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly long[] _arrivals;
    private int _received;

    private Receiver(WebApplication app, Uri baseAddress, int capacity)
    {
        _app = app;
        BaseAddress = baseAddress;
        _arrivals = new long[capacity];
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests received since the last <see cref="Reset"/>.</summary>
    public int Received => Volatile.Read(ref _received);

    public static async Task<Receiver> StartAsync(int capacity)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        Receiver? self = null;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var seq = ReadSeq(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            self!.Record(seq);
            context.Response.StatusCode = 204;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new Receiver(app, new Uri(address.TrimEnd('/') + "/"), capacity);
        return self;
    }

    /// <summary>Forgets every arrival: call it only while nothing is being sent.</summary>
    public void Reset()
    {
        Array.Clear(_arrivals);
        Volatile.Write(ref _received, 0);
    }

    /// <summary>When <paramref name="seq"/> first arrived (Stopwatch ticks), or 0.</summary>
    public long ArrivalOf(long seq) => Volatile.Read(ref _arrivals[seq]);

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Received < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Only {Received} of {count} deliveries arrived in {timeout.TotalSeconds} s.");
            }

            await Task.Delay(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Record(long seq)
    {
        if (seq > 0 && seq < _arrivals.Length)
        {
            Interlocked.CompareExchange(ref _arrivals[seq], Stopwatch.GetTimestamp(), 0);
        }

        Interlocked.Increment(ref _received);
    }

    private static long ReadSeq(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("seq"u8) && reader.Read())
            {
                return reader.GetInt64();
            }
        }

        return 0;
    }
}
