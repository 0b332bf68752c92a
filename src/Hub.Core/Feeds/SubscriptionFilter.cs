namespace IntegrationHub.Core.Feeds;

/// <summary>
/// What a subscription asked for: event types (empty = every type its policy allows) and province codes
/// (empty = every province). The access policy still decides; the filter can only narrow it.
/// </summary>
public sealed record SubscriptionFilter(IReadOnlySet<string> EventTypes, IReadOnlySet<string> Provinces)
{
    /// <summary>Every type and province.</summary>
    public static SubscriptionFilter Everything { get; } = new(new HashSet<string>(), new HashSet<string>());

    /// <summary>Whether an event of <paramref name="type"/> about a person in <paramref name="provinceCode"/> passes the filter.</summary>
    public bool Matches(string type, string? provinceCode) =>
        (EventTypes.Count == 0 || EventTypes.Contains(type))
        && (Provinces.Count == 0 || (provinceCode is not null && Provinces.Contains(provinceCode)));
}
