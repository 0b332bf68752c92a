using System.Data.Common;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// API clients, their keys and their access policies, on SQLite or PostgreSQL. Keys are stored as SHA-256 digests
/// of their secrets and found by their public key id; the plain key exists only in what <see cref="CreateClientAsync"/>
/// and <see cref="RotateKeyAsync"/> return.
/// </summary>
public sealed class AccessStore : IAccessPolicyReader
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly SqlDialect _dialect;

    internal AccessStore(HubDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _dialect = database.Dialect;
    }

    /// <summary>How many clients exist, revoked ones included.</summary>
    public async Task<long> CountClientsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM access_client", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Creates a client with its first key. Throws <see cref="AccessStoreException"/> when the id is malformed or
    /// taken, or no role is given.
    /// </summary>
    public async Task<(HubClient Client, IssuedKey Key)> CreateClientAsync(
        string clientId, string name, IReadOnlyCollection<HubRole> roles, DateTimeOffset? keyExpiresAt, CancellationToken cancellationToken)
    {
        if (!HubClient.IsValidId(clientId))
        {
            throw new AccessStoreException("The client id is not usable: 2 to 64 of a-z, 0-9 and '-', starting with a letter.");
        }

        if (roles.Count == 0)
        {
            throw new AccessStoreException("A client needs at least one role: subscriber, engineer, auditor or admin.");
        }

        var now = _time.GetUtcNow();
        var key = ApiKeys.Generate();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM access_client WHERE client_id = @ClientId", new { ClientId = clientId }, transaction, cancellationToken: cancellationToken));
        if (exists > 0)
        {
            throw new AccessStoreException($"Client '{clientId}' already exists.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO access_client (client_id, name, roles, created_at) VALUES (@ClientId, @Name, @Roles, @CreatedAt)",
            new { ClientId = clientId, Name = name, Roles = HubRoles.Format(roles), CreatedAt = _dialect.Time(now) },
            transaction,
            cancellationToken: cancellationToken));
        await InsertKeyAsync(connection, transaction, clientId, key, now, keyExpiresAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new HubClient(clientId, name, roles.ToHashSet(), now, null), key);
    }

    /// <summary>Every client, by id.</summary>
    public async Task<IReadOnlyList<HubClient>> ListClientsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClientRow>(new CommandDefinition(
            "SELECT client_id, name, roles, created_at, revoked_at FROM access_client ORDER BY client_id", cancellationToken: cancellationToken));
        return rows.Select(ToClient).ToList();
    }

    /// <summary>A client and its keys (newest first), or null.</summary>
    public async Task<(HubClient Client, IReadOnlyList<ClientKey> Keys)?> GetClientAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ClientRow>(new CommandDefinition(
            "SELECT client_id, name, roles, created_at, revoked_at FROM access_client WHERE client_id = @ClientId", new { ClientId = clientId }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var keys = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            "SELECT key_id, client_id, created_at, expires_at, revoked_at FROM access_key WHERE client_id = @ClientId ORDER BY created_at DESC, key_id",
            new { ClientId = clientId },
            cancellationToken: cancellationToken));
        return (ToClient(row), keys.Select(ToKey).ToList());
    }

    /// <summary>
    /// Issues a new key for an active client. The client's other working keys keep working for
    /// <paramref name="overlap"/> (expiring then, or earlier if they already would); with no overlap they are
    /// revoked at once. Returns null when the client does not exist or is revoked.
    /// </summary>
    public async Task<IssuedKey?> RotateKeyAsync(string clientId, TimeSpan? overlap, DateTimeOffset? keyExpiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var active = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM access_client WHERE client_id = @ClientId AND revoked_at IS NULL", new { ClientId = clientId }, transaction, cancellationToken: cancellationToken));
        if (active == 0)
        {
            return null;
        }

        if (overlap is { } o && o > TimeSpan.Zero)
        {
            var until = _dialect.Time(now + o);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE access_key SET expires_at = @Until
                 WHERE client_id = @ClientId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @Until)
                """,
                new { ClientId = clientId, Until = until },
                transaction,
                cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE access_key SET revoked_at = @Now WHERE client_id = @ClientId AND revoked_at IS NULL",
                new { ClientId = clientId, Now = _dialect.Time(now) },
                transaction,
                cancellationToken: cancellationToken));
        }

        var key = ApiKeys.Generate();
        await InsertKeyAsync(connection, transaction, clientId, key, now, keyExpiresAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>Revokes a client and every key it has. False when no active client has that id.</summary>
    public async Task<bool> RevokeClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = _dialect.Time(_time.GetUtcNow());
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE access_client SET revoked_at = @Now WHERE client_id = @ClientId AND revoked_at IS NULL", new { ClientId = clientId, Now = now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE access_key SET revoked_at = @Now WHERE client_id = @ClientId AND revoked_at IS NULL", new { ClientId = clientId, Now = now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    /// <summary>The stored key with this public id, its client and their states, or null.</summary>
    public async Task<StoredCredential?> FindCredentialAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CredentialRow>(new CommandDefinition(
            """
            SELECT k.key_id, k.client_id, k.secret_hash, k.created_at, k.expires_at, k.revoked_at,
                   c.name, c.roles, c.created_at AS client_created_at, c.revoked_at AS client_revoked_at
              FROM access_key k JOIN access_client c ON c.client_id = k.client_id
             WHERE k.key_id = @KeyId
            """,
            new { KeyId = keyId },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var key = new ClientKey(row.key_id, row.client_id, SqlDialect.ReadTime(row.created_at), SqlDialect.ReadNullableTime(row.expires_at), SqlDialect.ReadNullableTime(row.revoked_at));
        var client = new HubClient(row.client_id, row.name, HubRoles.ParseList(row.roles), SqlDialect.ReadTime(row.client_created_at), SqlDialect.ReadNullableTime(row.client_revoked_at));
        return new StoredCredential(key, row.secret_hash, client);
    }

    /// <summary>
    /// Creates or replaces the policy of a client for a purpose. Throws <see cref="AccessStoreException"/> for an
    /// unknown client, a malformed purpose or a field that is not canonical.
    /// </summary>
    public async Task<AccessPolicy> SetPolicyAsync(
        string clientId, string purpose, IReadOnlyCollection<string> fields, IReadOnlyCollection<string> eventTypes, CancellationToken cancellationToken)
    {
        // Messages never echo what was given: it may be anything.
        if (!HubClient.IsValidId(clientId))
        {
            throw new AccessStoreException("The client id is not usable: 2 to 64 of a-z, 0-9 and '-', starting with a letter.");
        }

        if (!HubClient.IsValidPurpose(purpose))
        {
            throw new AccessStoreException("The purpose is not usable: 2 to 64 of a-z, 0-9, '-', '.' and ':', starting with a letter.");
        }

        var unknown = fields.Count(f => !FieldProjection.KnownFields.Contains(f));
        if (unknown > 0)
        {
            throw new AccessStoreException($"{unknown} of the fields are not canonical field names (see schemas/canonical/person.schema.json).");
        }

        if (eventTypes.Any(e => !HubClient.IsValidPurpose(e)))
        {
            throw new AccessStoreException("An event type is not usable: 2 to 64 of a-z, 0-9, '-', '.' and ':', starting with a letter.");
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM access_client WHERE client_id = @ClientId", new { ClientId = clientId }, transaction, cancellationToken: cancellationToken));
        if (exists == 0)
        {
            throw new AccessStoreException($"Client '{clientId}' does not exist.");
        }

        var existing = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT policy_id FROM access_policy WHERE client_id = @ClientId AND purpose = @Purpose", new { ClientId = clientId, Purpose = purpose }, transaction, cancellationToken: cancellationToken));
        var policyId = existing ?? clientId + "/" + purpose;
        var sortedFields = fields.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sortedEvents = eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO access_policy (policy_id, client_id, purpose, fields, event_types, updated_at)
            VALUES (@PolicyId, @ClientId, @Purpose, @Fields, @EventTypes, @UpdatedAt)
            ON CONFLICT (client_id, purpose) DO UPDATE SET fields = excluded.fields, event_types = excluded.event_types, updated_at = excluded.updated_at
            """,
            new
            {
                PolicyId = policyId,
                ClientId = clientId,
                Purpose = purpose,
                Fields = JsonSerializer.Serialize(sortedFields),
                EventTypes = JsonSerializer.Serialize(sortedEvents),
                UpdatedAt = _dialect.Time(_time.GetUtcNow()),
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new AccessPolicy(policyId, clientId, purpose, sortedFields.ToHashSet(StringComparer.Ordinal), sortedEvents.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Removes a client's policy for a purpose; false when there was none.</summary>
    public async Task<bool> RemovePolicyAsync(string clientId, string purpose, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM access_policy WHERE client_id = @ClientId AND purpose = @Purpose", new { ClientId = clientId, Purpose = purpose }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Every policy, or one client's, by client and purpose.</summary>
    public async Task<IReadOnlyList<AccessPolicy>> ListPoliciesAsync(string? clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PolicyRow>(new CommandDefinition(
            clientId is null
                ? "SELECT policy_id, client_id, purpose, fields, event_types FROM access_policy ORDER BY client_id, purpose"
                : "SELECT policy_id, client_id, purpose, fields, event_types FROM access_policy WHERE client_id = @ClientId ORDER BY purpose",
            new { ClientId = clientId },
            cancellationToken: cancellationToken));
        return rows.Select(ToPolicy).ToList();
    }

    /// <inheritdoc/>
    public async Task<AccessPolicy?> FindAsync(string clientId, string purpose, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PolicyRow>(new CommandDefinition(
            "SELECT policy_id, client_id, purpose, fields, event_types FROM access_policy WHERE client_id = @ClientId AND purpose = @Purpose",
            new { ClientId = clientId, Purpose = purpose },
            cancellationToken: cancellationToken));
        return row is null ? null : ToPolicy(row);
    }

    private async Task InsertKeyAsync(DbConnection connection, DbTransaction transaction, string clientId, IssuedKey key, DateTimeOffset now, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO access_key (key_id, client_id, secret_hash, created_at, expires_at) VALUES (@KeyId, @ClientId, @SecretHash, @CreatedAt, @ExpiresAt)",
            new { key.KeyId, ClientId = clientId, key.SecretHash, CreatedAt = _dialect.Time(now), ExpiresAt = _dialect.Time(expiresAt) },
            transaction,
            cancellationToken: cancellationToken));

    private static HubClient ToClient(ClientRow r) =>
        new(r.client_id, r.name, HubRoles.ParseList(r.roles), SqlDialect.ReadTime(r.created_at), SqlDialect.ReadNullableTime(r.revoked_at));

    private static ClientKey ToKey(KeyRow r) =>
        new(r.key_id, r.client_id, SqlDialect.ReadTime(r.created_at), SqlDialect.ReadNullableTime(r.expires_at), SqlDialect.ReadNullableTime(r.revoked_at));

    private static AccessPolicy ToPolicy(PolicyRow r) => new(
        r.policy_id,
        r.client_id,
        r.purpose,
        (JsonSerializer.Deserialize<string[]>(r.fields) ?? []).ToHashSet(StringComparer.Ordinal),
        (JsonSerializer.Deserialize<string[]>(r.event_types) ?? []).ToHashSet(StringComparer.Ordinal));

#pragma warning disable IDE1006, CA1812 // Dapper maps columns onto these by name.
    private sealed class ClientRow
    {
        public string client_id { get; set; } = default!;

        public string name { get; set; } = default!;

        public string roles { get; set; } = default!;

        public object created_at { get; set; } = default!;

        public object? revoked_at { get; set; }
    }

    private sealed class KeyRow
    {
        public string key_id { get; set; } = default!;

        public string client_id { get; set; } = default!;

        public object created_at { get; set; } = default!;

        public object? expires_at { get; set; }

        public object? revoked_at { get; set; }
    }

    private sealed class CredentialRow
    {
        public string key_id { get; set; } = default!;

        public string client_id { get; set; } = default!;

        public string secret_hash { get; set; } = default!;

        public object created_at { get; set; } = default!;

        public object? expires_at { get; set; }

        public object? revoked_at { get; set; }

        public string name { get; set; } = default!;

        public string roles { get; set; } = default!;

        public object client_created_at { get; set; } = default!;

        public object? client_revoked_at { get; set; }
    }

    private sealed class PolicyRow
    {
        public string policy_id { get; set; } = default!;

        public string client_id { get; set; } = default!;

        public string purpose { get; set; } = default!;

        public string fields { get; set; } = default!;

        public string event_types { get; set; } = default!;
    }
#pragma warning restore IDE1006, CA1812
}

/// <summary>A request to the access store that cannot be carried out as asked; the message says why, for the caller.</summary>
public sealed class AccessStoreException(string message) : Exception(message);
