using System.Net;

namespace IntegrationHub.Core.Feeds;

/// <summary>
/// Where webhooks may be sent, under <c>Hub:Feeds:Webhooks</c>. A subscriber chooses its URL and the hub makes the
/// request from inside the government network, so by default only <c>https</c> to public addresses is allowed; an
/// on-premise receiver on a private network has to be allowed here, deliberately.
/// </summary>
public sealed class WebhookAddressOptions
{
    /// <summary>The configuration section, relative to <c>Hub:Feeds</c>.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>Whether plain <c>http</c> URLs are accepted. Default: false (only <c>https</c>).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Whether private networks may be reached: RFC 1918 (10/8, 172.16/12, 192.168/16), unique-local IPv6 (fc00::/7)
    /// and carrier-grade NAT (100.64/10). Loopback, link-local (cloud metadata), multicast and the like stay refused;
    /// name them in <see cref="AllowedNetworks"/> if they are really wanted. Default: false.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Networks and hosts allowed whatever they are: CIDR blocks (<c>10.20.0.0/16</c>, <c>fd00:1::/64</c>), single
    /// addresses (<c>127.0.0.1</c>), or host names (<c>receiver.agency.go.id</c>: every address it resolves to is
    /// allowed). Default: none.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>Every problem with these options, each naming its setting (under <c>Hub:Feeds:Webhooks</c>); empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var entry in AllowedNetworks ?? [])
        {
            if (!TryParseEntry(entry, out _, out _))
            {
                problems.Add($"AllowedNetworks: '{entry}' is neither a CIDR block, an IP address nor a host name.");
            }
        }

        return problems;
    }

    /// <summary>Parses one <see cref="AllowedNetworks"/> entry: a network, or a host name (lower case, no trailing dot).</summary>
    internal static bool TryParseEntry(string? entry, out IPNetwork? network, out string? host)
    {
        network = null;
        host = null;
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            // An address with host bits set ("10.0.0.1/8") is refused rather than widened silently to its network.
            if (IPNetwork.TryParse(text, out var parsed) && IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal)), out var written)
                && written.Equals(parsed.BaseAddress))
            {
                network = parsed;
                return true;
            }

            return false;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            var single = WebhookAddressPolicy.Unwrap(address);
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        if (Uri.CheckHostName(text) == UriHostNameType.Dns)
        {
            host = text.TrimEnd('.').ToLowerInvariant();
            return true;
        }

        return false;
    }
}
