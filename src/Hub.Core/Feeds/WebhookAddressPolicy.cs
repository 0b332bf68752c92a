using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Core.Feeds;

/// <summary>What kind of address an IP address is, as far as webhook delivery cares.</summary>
public enum AddressKind
{
    /// <summary>A public (globally routed) address.</summary>
    Public = 0,

    /// <summary>Loopback: 127/8, ::1.</summary>
    Loopback,

    /// <summary>Private: RFC 1918 (10/8, 172.16/12, 192.168/16), unique-local fc00::/7, site-local fec0::/10.</summary>
    Private,

    /// <summary>Carrier-grade NAT shared space: 100.64/10.</summary>
    SharedNat,

    /// <summary>Link-local: 169.254/16 (cloud metadata 169.254.169.254 included), fe80::/10.</summary>
    LinkLocal,

    /// <summary>Unspecified or "this network": 0/8, ::.</summary>
    Unspecified,

    /// <summary>Multicast: 224/4, ff00::/8.</summary>
    Multicast,

    /// <summary>Broadcast and reserved: 240/4 (255.255.255.255 included).</summary>
    Broadcast,
}

/// <summary>
/// Decides whether the hub may send a webhook to a URL, and to which of a host's addresses: the guard against
/// server-side request forgery (a subscriber naming an internal service, the cloud metadata endpoint or the hub
/// itself as its receiver). Checked when a subscription is created, and again at every connection, because a host
/// name may resolve to something else by then (DNS rebinding).
/// </summary>
/// <remarks>
/// Rules: the scheme is <c>https</c> (or <c>http</c> with <see cref="WebhookAddressOptions.AllowHttp"/>); the URL
/// has no user name or password; and every address the host is or resolves to is <see cref="AddressKind.Public"/>,
/// private with <see cref="WebhookAddressOptions.AllowPrivateNetworks"/>, or inside
/// <see cref="WebhookAddressOptions.AllowedNetworks"/> (a host named there is allowed whatever it resolves to).
/// IPv6 forms that carry an IPv4 address (IPv4-mapped <c>::ffff:a.b.c.d</c>, IPv4-compatible, NAT64
/// <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) are judged by that IPv4 address.
/// </remarks>
public sealed class WebhookAddressPolicy
{
    /// <summary>The setting to name in refusals, so that an operator knows what to change.</summary>
    public const string AllowSetting = "Hub:Feeds:Webhooks:AllowedNetworks";

    private static readonly (IPNetwork Network, AddressKind Kind)[] s_v4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.SharedNat),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Broadcast),
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] s_v6 =
    [
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
        (IPNetwork.Parse("fec0::/10"), AddressKind.Private),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
    ];

    private static readonly IPNetwork s_nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork s_compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork s_sixToFour = IPNetwork.Parse("2002::/16");

    private readonly bool _allowHttp;
    private readonly bool _allowPrivate;
    private readonly IPNetwork[] _allowedNetworks;
    private readonly HashSet<string> _allowedHosts;
    private readonly IHostAddressResolver _resolver;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">What is allowed beyond the default.</param>
    /// <param name="resolver">How host names are resolved. Default: the system's DNS (<see cref="DnsHostAddressResolver"/>).</param>
    /// <exception cref="ArgumentException">An <see cref="WebhookAddressOptions.AllowedNetworks"/> entry is not usable.</exception>
    public WebhookAddressPolicy(WebhookAddressOptions options, IHostAddressResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Hub:Feeds:Webhooks: " + string.Join(" ", problems), nameof(options));
        }

        _allowHttp = options.AllowHttp;
        _allowPrivate = options.AllowPrivateNetworks;
        var networks = new List<IPNetwork>();
        _allowedHosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in options.AllowedNetworks ?? [])
        {
            if (!WebhookAddressOptions.TryParseEntry(entry, out var network, out var host))
            {
                continue; // Not reached: Validate refused the options above.
            }

            if (network is { } n)
            {
                networks.Add(n);
            }
            else
            {
                _allowedHosts.Add(host!);
            }
        }

        _allowedNetworks = [.. networks];
        _resolver = resolver ?? DnsHostAddressResolver.Instance;
    }

    /// <summary>What kind of address <paramref name="address"/> is (IPv4 inside IPv6 judged as IPv4).</summary>
    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var unwrapped = Unwrap(address);
        var table = unwrapped.AddressFamily == AddressFamily.InterNetwork ? s_v4 : s_v6;
        foreach (var (network, kind) in table)
        {
            if (network.Contains(unwrapped))
            {
                return kind;
            }
        }

        return AddressKind.Public;
    }

    /// <summary>
    /// Why the URL itself may not be used (scheme, user info, a host that is a refused address), or null when it may.
    /// Does not resolve host names: see <see cref="CheckAsync"/>.
    /// </summary>
    public string? CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "The webhook URL must be absolute.";
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && _allowHttp))
        {
            return _allowHttp
                ? "The webhook URL must be http or https."
                : "The webhook URL must be https (plain http is refused unless Hub:Feeds:Webhooks:AllowHttp is set).";
        }

        // Credentials in a URL end up in logs and status pages, and user@host tricks hide where a request goes.
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "The webhook URL must not contain a user name or password.";
        }

        var host = HostOf(url);
        if (host.Length == 0)
        {
            return "The webhook URL has no host.";
        }

        return IPAddress.TryParse(host, out var literal) ? RefusalOf(host, [literal]) : null;
    }

    /// <summary>
    /// Why the URL may not be used, or null when it may: <see cref="CheckUrl"/>, then the addresses the host name
    /// resolves to now. A name that does not resolve (yet) is accepted: every connection is checked again anyway.
    /// </summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (CheckUrl(url) is { } refusal)
        {
            return refusal;
        }

        var host = HostOf(url);
        if (IPAddress.TryParse(host, out _) || IsAllowedHost(host))
        {
            return null;
        }

        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await _resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }

        return RefusalOf(host, addresses);
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> (a name or an address literal) that a webhook may connect to, resolved
    /// now. Used at connect time: the caller connects to one of these, never to the name again.
    /// </summary>
    /// <exception cref="WebhookAddressRefusedException">None of its addresses may be reached.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IReadOnlyList<IPAddress>> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var bare = host.Trim('[', ']');
        IReadOnlyList<IPAddress> addresses = IPAddress.TryParse(bare, out var literal)
            ? [literal]
            : await _resolver.ResolveAsync(bare, cancellationToken);
        if (IsAllowedHost(bare))
        {
            return addresses;
        }

        var allowed = addresses.Where(IsAllowed).ToList();
        if (allowed.Count == 0)
        {
            throw new WebhookAddressRefusedException(RefusalOf(bare, addresses) ?? $"The webhook host '{bare}' resolves to no address.");
        }

        return allowed;
    }

    /// <summary>Whether a webhook may connect to <paramref name="address"/> (the host-name allow-list aside).</summary>
    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var kind = Classify(address);
        if (kind == AddressKind.Public || (_allowPrivate && kind is AddressKind.Private or AddressKind.SharedNat))
        {
            return true;
        }

        var unwrapped = Unwrap(address);
        return Array.Exists(_allowedNetworks, n => n.Contains(unwrapped) || n.Contains(address));
    }

    /// <summary>An IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), else the address itself without scope.</summary>
    public static IPAddress Unwrap(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (s_nat64.Contains(address) || (s_compatible.Contains(address) && !IPAddress.IPv6Loopback.Equals(address) && !IPAddress.IPv6None.Equals(address)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (s_sixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        return address.ScopeId == 0 ? address : new IPAddress(bytes);
    }

    private bool IsAllowedHost(string host) => _allowedHosts.Count > 0 && _allowedHosts.Contains(host.TrimEnd('.').ToLowerInvariant());

    private string? RefusalOf(string host, IReadOnlyList<IPAddress> addresses)
    {
        if (IsAllowedHost(host))
        {
            return null;
        }

        var refused = addresses.Where(a => !IsAllowed(a)).ToList();
        if (refused.Count == 0)
        {
            return null;
        }

        var list = string.Join(", ", refused.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a} ({Describe(Classify(a))})")));
        var what = IPAddress.TryParse(host, out _) ? $"The webhook host {host} is" : $"The webhook host '{host}' resolves to";
        return $"{what} {list}, which webhooks may not reach. An operator can allow it with {AllowSetting}"
            + (refused.All(a => Classify(a) is AddressKind.Private or AddressKind.SharedNat) ? " or Hub:Feeds:Webhooks:AllowPrivateNetworks." : ".");
    }

    private static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Loopback => "loopback",
        AddressKind.Private => "private network",
        AddressKind.SharedNat => "carrier-grade NAT",
        AddressKind.LinkLocal => "link-local, cloud metadata included",
        AddressKind.Unspecified => "unspecified",
        AddressKind.Multicast => "multicast",
        AddressKind.Broadcast => "broadcast or reserved",
        _ => "not allowed",
    };

    // DnsSafeHost drops the brackets and scope of an IPv6 literal; IdnHost would keep the brackets.
    private static string HostOf(Uri url) => url.DnsSafeHost;
}
