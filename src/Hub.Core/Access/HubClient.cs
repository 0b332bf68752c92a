using System.Text.RegularExpressions;

namespace IntegrationHub.Core.Access;

/// <summary>An API client of the hub (an agency system, an engineer, an auditor, an operator) and its roles.</summary>
/// <param name="ClientId">A stable, readable id (lower-case letters, digits and dashes), the actor in the audit log.</param>
/// <param name="Name">A description for people.</param>
/// <param name="Roles">What the client may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked (none of its keys works since), or null.</param>
public sealed partial record HubClient(string ClientId, string Name, IReadOnlySet<HubRole> Roles, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Whether <paramref name="clientId"/> is a usable client id: 2 to 64 of a-z, 0-9 and dashes, starting with a letter.</summary>
    public static bool IsValidId(string? clientId) => clientId is not null && ClientIdPattern().IsMatch(clientId);

    /// <summary>Whether <paramref name="purpose"/> is a usable purpose code: 2 to 64 of a-z, 0-9, dashes, dots and colons, starting with a letter.</summary>
    public static bool IsValidPurpose(string? purpose) => purpose is not null && PurposePattern().IsMatch(purpose);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^[a-z][a-z0-9.:-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PurposePattern();
}

/// <summary>One key of a client, without its secret.</summary>
public sealed record ClientKey(string KeyId, string ClientId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Whether the key works at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>What authentication needs to check a presented key: the stored digest, the key's and the client's state.</summary>
public sealed record StoredCredential(ClientKey Key, string SecretHash, HubClient Client);

/// <summary>The roles as written in configuration, the command line, the API and claims.</summary>
public static class HubRoles
{
    /// <summary>The lower-case name of <paramref name="role"/> (<c>subscriber</c>, <c>engineer</c>, <c>auditor</c>, <c>admin</c>).</summary>
    public static string Name(HubRole role) => role switch
    {
        HubRole.Subscriber => "subscriber",
        HubRole.Engineer => "engineer",
        HubRole.Auditor => "auditor",
        HubRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Parses a role name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out HubRole role)
    {
        foreach (var candidate in Enum.GetValues<HubRole>())
        {
            if (string.Equals(Name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>Roles as stored: their names, comma-separated, in enum order.</summary>
    public static string Format(IEnumerable<HubRole> roles) => string.Join(',', roles.Distinct().Order().Select(Name));

    /// <summary>Parses the stored form; unknown names are dropped (least privilege).</summary>
    public static IReadOnlySet<HubRole> ParseList(string? text)
    {
        var set = new HashSet<HubRole>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(part, out var role))
            {
                set.Add(role);
            }
        }

        return set;
    }
}
