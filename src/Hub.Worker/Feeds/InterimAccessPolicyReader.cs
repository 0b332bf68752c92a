using IntegrationHub.Core.Access;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Feeds;

/// <summary>
/// Access policies read from configuration (<c>Hub:Feeds:InterimPolicies</c>), used only until a storage-backed
/// <see cref="IAccessPolicyReader"/> is registered. Each entry: <c>ClientId</c>, <c>Purpose</c>, <c>Fields</c>
/// (dotted names) and <c>EventTypes</c>. No entry for a client and purpose: nothing is delivered.
/// </summary>
public sealed class InterimAccessPolicyReader : IAccessPolicyReader
{
    private readonly IReadOnlyList<AccessPolicy> _policies;

    public InterimAccessPolicyReader(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _policies = configuration.GetSection(FeedDeliveryOptions.SectionName + ":InterimPolicies").GetChildren()
            .Select((section, i) => new AccessPolicy(
                "interim-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                section["ClientId"] ?? "",
                section["Purpose"] ?? "",
                section.GetSection("Fields").GetChildren().Select(c => c.Value ?? "").ToHashSet(StringComparer.Ordinal),
                section.GetSection("EventTypes").GetChildren().Select(c => c.Value ?? "").ToHashSet(StringComparer.Ordinal)))
            .Where(p => p.ClientId.Length > 0 && p.Purpose.Length > 0)
            .ToList();
    }

    public Task<AccessPolicy?> FindAsync(string clientId, string purpose, CancellationToken cancellationToken) =>
        Task.FromResult(_policies.FirstOrDefault(p => p.ClientId == clientId && p.Purpose == purpose));
}
