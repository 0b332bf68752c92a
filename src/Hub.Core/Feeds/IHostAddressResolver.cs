using System.Net;

namespace IntegrationHub.Core.Feeds;

/// <summary>Resolves a host name to its addresses: the seam where webhook delivery asks DNS.</summary>
public interface IHostAddressResolver
{
    /// <summary>The addresses <paramref name="host"/> resolves to now.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's resolver (<see cref="Dns"/>).</summary>
public sealed class DnsHostAddressResolver : IHostAddressResolver
{
    /// <summary>The one instance.</summary>
    public static DnsHostAddressResolver Instance { get; } = new();

    private DnsHostAddressResolver()
    {
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken);
}
