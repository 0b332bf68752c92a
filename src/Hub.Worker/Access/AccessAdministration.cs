using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage;

namespace IntegrationHub.Worker.Access;

/// <summary>
/// Changes to clients, keys and policies, each recorded in the audit log (<c>client.create</c>, <c>client.rotate</c>,
/// <c>client.revoke</c>, <c>policy.change</c>) before it is reported done. Used by the command line and the admin API.
/// Keys never reach the audit log: only key ids do.
/// </summary>
public sealed class AccessAdministration(HubDatabase database, IAuditLog audit)
{
    /// <summary>The purpose of the bootstrap admin's own policy, so that the README's tour works out of the box.</summary>
    public const string AdminPurpose = "admin-ops";

    /// <summary>Creates a client with its first key (returned once).</summary>
    public async Task<(HubClient Client, IssuedKey Key)> CreateClientAsync(
        string actor, string clientId, string name, IReadOnlyCollection<HubRole> roles, DateTimeOffset? expiresAt, string? requestId, CancellationToken cancellationToken)
    {
        var (client, key) = await database.Access.CreateClientAsync(clientId, name, roles, expiresAt, cancellationToken);
        await audit.AppendAsync(
            new AuditEvent("client.create", actor, RequestId: requestId, Detail: Detail(new { clientId, roles = roles.Select(HubRoles.Name).Order(StringComparer.Ordinal), keyId = key.KeyId, expiresAt })),
            cancellationToken);
        return (client, key);
    }

    /// <summary>Issues a new key; the old ones keep working for <paramref name="overlap"/>. Null when the client is unknown or revoked.</summary>
    public async Task<IssuedKey?> RotateAsync(string actor, string clientId, TimeSpan? overlap, DateTimeOffset? expiresAt, string? requestId, CancellationToken cancellationToken)
    {
        var key = await database.Access.RotateKeyAsync(clientId, overlap, expiresAt, cancellationToken);
        if (key is not null)
        {
            await audit.AppendAsync(
                new AuditEvent("client.rotate", actor, RequestId: requestId, Detail: Detail(new { clientId, keyId = key.KeyId, overlapSeconds = overlap?.TotalSeconds ?? 0, expiresAt })),
                cancellationToken);
        }

        return key;
    }

    /// <summary>Revokes a client and all its keys. False when no active client has that id.</summary>
    public async Task<bool> RevokeAsync(string actor, string clientId, string? requestId, CancellationToken cancellationToken)
    {
        var revoked = await database.Access.RevokeClientAsync(clientId, cancellationToken);
        if (revoked)
        {
            await audit.AppendAsync(new AuditEvent("client.revoke", actor, RequestId: requestId, Detail: Detail(new { clientId })), cancellationToken);
        }

        return revoked;
    }

    /// <summary>Creates or replaces a client's policy for a purpose.</summary>
    public async Task<AccessPolicy> SetPolicyAsync(
        string actor, string clientId, string purpose, IReadOnlyCollection<string> fields, IReadOnlyCollection<string> eventTypes, string? requestId, CancellationToken cancellationToken)
    {
        var policy = await database.Access.SetPolicyAsync(clientId, purpose, fields, eventTypes, cancellationToken);
        await audit.AppendAsync(
            new AuditEvent("policy.change", actor, Purpose: purpose, Fields: [.. policy.Fields.Order(StringComparer.Ordinal)], RequestId: requestId,
                Detail: Detail(new { change = "set", clientId, policyId = policy.PolicyId, eventTypes = policy.EventTypes.Order(StringComparer.Ordinal) })),
            cancellationToken);
        return policy;
    }

    /// <summary>Removes a client's policy for a purpose; false when there was none.</summary>
    public async Task<bool> RemovePolicyAsync(string actor, string clientId, string purpose, string? requestId, CancellationToken cancellationToken)
    {
        var removed = await database.Access.RemovePolicyAsync(clientId, purpose, cancellationToken);
        if (removed)
        {
            await audit.AppendAsync(new AuditEvent("policy.change", actor, Purpose: purpose, RequestId: requestId, Detail: Detail(new { change = "remove", clientId })), cancellationToken);
        }

        return removed;
    }

    private static string Detail(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
