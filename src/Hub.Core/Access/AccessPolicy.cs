namespace IntegrationHub.Core.Access;

/// <summary>
/// What one client may receive for one purpose (a legal-basis code, UU PDP No. 27/2022): the canonical fields
/// (dotted names such as <c>name.full</c> or <c>address.provinceCode</c>) and the change-event types. A request
/// or feed that names no policy, or a purpose the client has no policy for, receives nothing.
/// </summary>
public sealed record AccessPolicy(
    string PolicyId,
    string ClientId,
    string Purpose,
    IReadOnlySet<string> Fields,
    IReadOnlySet<string> EventTypes)
{
    /// <summary>Whether the policy lets the client see <paramref name="field"/>.</summary>
    public bool AllowsField(string field) => Fields.Contains(field);

    /// <summary>Whether the policy lets the client receive events of <paramref name="eventType"/>.</summary>
    public bool AllowsEvent(string eventType) => EventTypes.Contains(eventType);
}

/// <summary>Reads access policies; storage implements it.</summary>
public interface IAccessPolicyReader
{
    /// <summary>The policy of <paramref name="clientId"/> for <paramref name="purpose"/>, or null when there is none (deny).</summary>
    Task<AccessPolicy?> FindAsync(string clientId, string purpose, CancellationToken cancellationToken);
}
