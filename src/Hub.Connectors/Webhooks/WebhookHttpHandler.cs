using System.Net;
using System.Net.Sockets;
using IntegrationHub.Core.Feeds;

namespace IntegrationHub.Connectors.Webhooks;

/// <summary>
/// The HTTP handler to send webhooks with: every connection is vetted by a <see cref="WebhookAddressPolicy"/> at the
/// moment it is made. The handler resolves the host itself, drops the addresses the policy refuses, and connects to a
/// vetted address, so a name that resolved to a public address when the subscription was created and to an internal
/// one now (DNS rebinding) is refused, and the check and the connection cannot see different answers.
/// </summary>
/// <remarks>
/// Redirects are not followed (a redirect would turn the <c>POST</c> into a <c>GET</c>, and could name a scheme the
/// policy refuses), and no proxy is used: through a proxy the handler would connect to the proxy, and the policy could
/// not see where the request really goes. A refused connection fails the request with an
/// <see cref="HttpRequestException"/> whose inner exception is a <see cref="WebhookAddressRefusedException"/>.
/// </remarks>
public static class WebhookHttpHandler
{
    /// <summary>A handler whose connections <paramref name="policy"/> vets.</summary>
    public static SocketsHttpHandler Create(WebhookAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
        };
    }

    /// <summary>The refusal inside <paramref name="exception"/> (a failed request's cause), or null when it is not one.</summary>
    public static WebhookAddressRefusedException? FindRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static async ValueTask<Stream> ConnectAsync(WebhookAddressPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await policy.ResolveAllowedAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
