using System.Net;
using System.Net.Sockets;
using IntegrationHub.Core.Feeds;

namespace IntegrationHub.Core.Tests.Feeds;

/// <summary>The SSRF guard's address rules over many address forms, and its URL checks with a resolver the test controls.</summary>
public sealed class WebhookAddressPolicyTests
{
    [Theory]
    // Loopback, in every spelling an attacker might try.
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:7f00:1", AddressKind.Loopback)]
    [InlineData("::127.0.0.1", AddressKind.Loopback)]
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)]
    [InlineData("2002:7f00:1::1", AddressKind.Loopback)]
    // RFC 1918 and IPv6 unique-local / site-local.
    [InlineData("10.0.0.1", AddressKind.Private)]
    [InlineData("10.255.255.255", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("::ffff:10.1.2.3", AddressKind.Private)]
    [InlineData("::ffff:192.168.0.10", AddressKind.Private)]
    [InlineData("fc00::1", AddressKind.Private)]
    [InlineData("fd12:3456::1", AddressKind.Private)]
    [InlineData("fec0::1", AddressKind.Private)]
    // Carrier-grade NAT.
    [InlineData("100.64.0.1", AddressKind.SharedNat)]
    [InlineData("100.127.255.254", AddressKind.SharedNat)]
    // Link-local, the cloud metadata endpoint included.
    [InlineData("169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("169.254.0.1", AddressKind.LinkLocal)]
    [InlineData("::ffff:169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("fe80::1%2", AddressKind.LinkLocal)]
    [InlineData("febf::1", AddressKind.LinkLocal)]
    // Unspecified, multicast, broadcast and reserved.
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.1.2.3", AddressKind.Unspecified)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("::ffff:0.0.0.0", AddressKind.Unspecified)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.250", AddressKind.Multicast)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Broadcast)]
    [InlineData("240.0.0.1", AddressKind.Broadcast)]
    // Public, including the neighbours of the refused blocks.
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("1.1.1.1", AddressKind.Public)]
    [InlineData("172.15.255.255", AddressKind.Public)]
    [InlineData("172.32.0.0", AddressKind.Public)]
    [InlineData("100.63.255.255", AddressKind.Public)]
    [InlineData("100.128.0.0", AddressKind.Public)]
    [InlineData("169.253.255.255", AddressKind.Public)]
    [InlineData("11.0.0.1", AddressKind.Public)]
    [InlineData("223.255.255.255", AddressKind.Public)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("2001:4860:4860::8888", AddressKind.Public)]
    [InlineData("2002:0808:0808::1", AddressKind.Public)]
    public void Classify_AddressForms(string address, AddressKind expected)
    {
        Assert.Equal(expected, WebhookAddressPolicy.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://127.1/hook", "loopback")]
    [InlineData("https://2130706433/hook", "loopback")]
    [InlineData("https://0x7f000001/hook", "loopback")]
    [InlineData("https://[::1]:8443/hook", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/hook", "loopback")]
    [InlineData("https://[::ffff:169.254.169.254]/latest/meta-data/", "link-local")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://10.0.0.5/hook", "private network")]
    [InlineData("https://192.168.1.20/hook", "private network")]
    [InlineData("https://[fd00::5]/hook", "private network")]
    [InlineData("https://100.64.1.1/hook", "carrier-grade NAT")]
    [InlineData("https://0.0.0.0/hook", "unspecified")]
    [InlineData("https://[::]/hook", "unspecified")]
    [InlineData("https://224.0.0.251/hook", "multicast")]
    [InlineData("https://255.255.255.255/hook", "broadcast")]
    public void CheckUrl_AddressLiteralNotPublic_IsRefusedNamingItsKind(string url, string kind)
    {
        var refusal = CreateSut().CheckUrl(new Uri(url));

        Assert.NotNull(refusal);
        Assert.Contains(kind, refusal, StringComparison.Ordinal);
        Assert.Contains(WebhookAddressPolicy.AllowSetting, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://receiver.agency.example/hook", "must be https")]
    [InlineData("ftp://receiver.agency.example/hook", "must be https")]
    [InlineData("https://user:password@receiver.agency.example/hook", "user name or password")]
    [InlineData("https://user@receiver.agency.example/hook", "user name or password")]
    public void CheckUrl_SchemeOrUserInfo_IsRefused(string url, string reason)
    {
        var refusal = CreateSut().CheckUrl(new Uri(url));

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("password@", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckUrl_PublicHttps_IsAccepted_AndHttpOnlyWhenAllowed()
    {
        Assert.Null(CreateSut().CheckUrl(new Uri("https://8.8.8.8/hook")));
        Assert.Null(CreateSut().CheckUrl(new Uri("https://receiver.agency.example:8443/hook")));
        Assert.NotNull(CreateSut().CheckUrl(new Uri("http://8.8.8.8/hook")));
        Assert.Null(CreateSut(new WebhookAddressOptions { AllowHttp = true }).CheckUrl(new Uri("http://8.8.8.8/hook")));
    }

    [Fact]
    public void AllowPrivateNetworks_AllowsRfc1918UniqueLocalAndNat_ButNeverLoopbackOrMetadata()
    {
        var sut = CreateSut(new WebhookAddressOptions { AllowPrivateNetworks = true });

        Assert.Null(sut.CheckUrl(new Uri("https://10.1.2.3/hook")));
        Assert.Null(sut.CheckUrl(new Uri("https://172.20.0.1/hook")));
        Assert.Null(sut.CheckUrl(new Uri("https://[fd00::1]/hook")));
        Assert.Null(sut.CheckUrl(new Uri("https://100.64.0.9/hook")));
        Assert.NotNull(sut.CheckUrl(new Uri("https://127.0.0.1/hook")));
        Assert.NotNull(sut.CheckUrl(new Uri("https://169.254.169.254/hook")));
        Assert.NotNull(sut.CheckUrl(new Uri("https://[fe80::1]/hook")));
    }

    [Fact]
    public void AllowedNetworks_AllowsExactlyTheNamedBlocks()
    {
        var sut = CreateSut(new WebhookAddressOptions { AllowedNetworks = ["10.20.0.0/16", "127.0.0.1", "fd00:1::/64"] });

        Assert.Null(sut.CheckUrl(new Uri("https://10.20.3.4/hook")));
        Assert.NotNull(sut.CheckUrl(new Uri("https://10.21.0.1/hook")));
        Assert.Null(sut.CheckUrl(new Uri("https://127.0.0.1/hook")));
        Assert.Null(sut.CheckUrl(new Uri("https://[::ffff:127.0.0.1]/hook")));
        Assert.NotNull(sut.CheckUrl(new Uri("https://127.0.0.2/hook")));
        Assert.Null(sut.CheckUrl(new Uri("https://[fd00:1::9]/hook")));
        Assert.NotNull(sut.CheckUrl(new Uri("https://[fd00:2::9]/hook")));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/8")]
    [InlineData("not a host")]
    [InlineData("")]
    public void Options_UnusableAllowedNetwork_IsAProblemNamingTheEntry(string entry)
    {
        var problems = new WebhookAddressOptions { AllowedNetworks = [entry] }.Validate();

        var problem = Assert.Single(problems);
        Assert.StartsWith("AllowedNetworks:", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CreateSut(new WebhookAddressOptions { AllowedNetworks = [entry] }));
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToAnyRefusedAddress_IsRefused()
    {
        var resolver = new FixedResolver { ["receiver.agency.example"] = ["203.0.114.7", "10.0.0.7"] };

        var refusal = await CreateSut(resolver: resolver).CheckAsync(new Uri("https://receiver.agency.example/hook"), CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains("'receiver.agency.example' resolves to 10.0.0.7 (private network)", refusal, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToPublicAddresses_OrNotResolving_IsAccepted()
    {
        var resolver = new FixedResolver { ["receiver.agency.example"] = ["203.0.114.7", "2001:db9::7"] };
        var sut = CreateSut(resolver: resolver);

        Assert.Null(await sut.CheckAsync(new Uri("https://receiver.agency.example/hook"), CancellationToken.None));
        // Not resolving (yet) is no reason to refuse: every connection is checked again.
        Assert.Null(await sut.CheckAsync(new Uri("https://unknown.agency.example/hook"), CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAllowedAsync_DropsRefusedAddresses_AndRefusesWhenNoneIsLeft()
    {
        var resolver = new FixedResolver
        {
            ["mixed.example"] = ["127.0.0.1", "203.0.114.7"],
            ["rebound.example"] = ["127.0.0.1", "::1"],
        };
        var sut = CreateSut(resolver: resolver);

        Assert.Equal([IPAddress.Parse("203.0.114.7")], await sut.ResolveAllowedAsync("mixed.example", CancellationToken.None));
        var refused = await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => sut.ResolveAllowedAsync("rebound.example", CancellationToken.None));
        Assert.Contains("127.0.0.1 (loopback), ::1 (loopback)", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => sut.ResolveAllowedAsync("[::ffff:169.254.169.254]", CancellationToken.None));
        await Assert.ThrowsAsync<SocketException>(() => sut.ResolveAllowedAsync("unknown.example", CancellationToken.None));
    }

    [Fact]
    public async Task AllowedHostName_IsAllowedWhateverItResolvesTo()
    {
        var resolver = new FixedResolver { ["hooks.agency.internal"] = ["10.9.8.7"] };
        var sut = CreateSut(new WebhookAddressOptions { AllowedNetworks = ["Hooks.Agency.Internal"] }, resolver);

        Assert.Null(await sut.CheckAsync(new Uri("https://hooks.agency.internal/hook"), CancellationToken.None));
        Assert.Equal([IPAddress.Parse("10.9.8.7")], await sut.ResolveAllowedAsync("hooks.agency.internal", CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_Localhost_ResolvedByTheSystem_IsRefused()
    {
        var refusal = await CreateSut(new WebhookAddressOptions { AllowHttp = true }, DnsHostAddressResolver.Instance)
            .CheckAsync(new Uri("http://localhost:8080/hook"), CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains("loopback", refusal, StringComparison.Ordinal);
    }

    private static WebhookAddressPolicy CreateSut(WebhookAddressOptions? options = null, IHostAddressResolver? resolver = null) =>
        new(options ?? new WebhookAddressOptions(), resolver ?? new FixedResolver());

    /// <summary>Answers from a table; a name not in it does not resolve.</summary>
    private sealed class FixedResolver : Dictionary<string, string[]>, IHostAddressResolver
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
            TryGetValue(host, out var addresses)
                ? Task.FromResult<IReadOnlyList<IPAddress>>(addresses.Select(IPAddress.Parse).ToList())
                : Task.FromException<IReadOnlyList<IPAddress>>(new SocketException((int)SocketError.HostNotFound));
    }
}
