using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Metrics;

/// <summary>
/// The gauge <c>hub.clients.active</c>: how many distinct authenticated clients made a request to this node in the
/// last <see cref="Window"/>. Only client ids are kept (one timestamp each), never keys.
/// </summary>
internal sealed class ActiveClients
{
    /// <summary>How recently a client must have been seen to count as active.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ActiveClients(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        meterFactory.Create(HubMetrics.MeterName).CreateObservableGauge(
            "hub.clients.active", Count, "{client}", "Distinct authenticated clients seen by this node in the last 5 minutes.");
    }

    /// <summary>Notes a request by <paramref name="clientId"/> now.</summary>
    public void Seen(string clientId) => _lastSeen[clientId] = _time.GetUtcNow();

    /// <summary>The clients seen within <see cref="Window"/>; older entries are forgotten.</summary>
    public int Count()
    {
        var since = _time.GetUtcNow() - Window;
        foreach (var (client, seen) in _lastSeen)
        {
            if (seen < since)
            {
                // Only if not seen again meanwhile.
                _lastSeen.TryRemove(new KeyValuePair<string, DateTimeOffset>(client, seen));
            }
        }

        return _lastSeen.Count;
    }
}
