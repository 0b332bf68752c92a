using System.Security.Cryptography;
using Dapper;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Feeds;

/// <summary>How <see cref="FeedStore.PrepareSecretsAsync"/> found the stored webhook secrets.</summary>
/// <param name="Subscriptions">Subscriptions holding a secret; each of them decrypted with the key.</param>
/// <param name="Encrypted">Of those, how many held plain-text secrets (from before encryption) and were encrypted now.</param>
/// <param name="KeyFile">The key file used (a path; never the key).</param>
public sealed record SecretsCheck(int Subscriptions, int Encrypted, string KeyFile);

public sealed partial class FeedStore
{
    private readonly Lock _cipherLock = new();
    private SecretCipher? _cipher;

    /// <summary>The key file that encrypts webhook secrets (<c>Hub:Secrets:KeyFile</c>).</summary>
    public string SecretsKeyFile => _keyFile;

    /// <summary>
    /// The start-up step for webhook secrets: checks that every stored secret decrypts with the key file (a wrong or
    /// missing key fails here, with a message saying so, rather than as bad signatures later), and encrypts secrets
    /// still stored in plain text (rows written before encryption at rest). Safe to run on several nodes at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key file is missing while the database holds encrypted secrets, or it is not their key.</exception>
    public async Task<SecretsCheck> PrepareSecretsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SecretRow>(new CommandDefinition(
            "SELECT subscription_id, secret, previous_secret FROM feed_subscription WHERE secret IS NOT NULL OR previous_secret IS NOT NULL",
            cancellationToken: cancellationToken))).ToList();
        var encrypted = 0;
        foreach (var row in rows)
        {
            var id = SqlDialect.ReadId(row.subscription_id);
            var secret = OpenSecret(row.secret, id);
            var previous = OpenSecret(row.previous_secret, id);
            if (IsPlain(row.secret) || IsPlain(row.previous_secret))
            {
                // Only if unchanged since read: a rotation on another node meanwhile wrote encrypted values already.
                encrypted += await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE feed_subscription SET secret = @Secret, previous_secret = @Previous
                     WHERE subscription_id = @Id AND COALESCE(secret, '') = @OldSecret AND COALESCE(previous_secret, '') = @OldPrevious
                    """,
                    new
                    {
                        Id = _dialect.Id(id),
                        Secret = SealSecret(secret, id),
                        Previous = SealSecret(previous, id),
                        OldSecret = row.secret ?? "",
                        OldPrevious = row.previous_secret ?? "",
                    },
                    cancellationToken: cancellationToken));
            }
        }

        return new SecretsCheck(rows.Count, encrypted, _keyFile);
    }

    private static bool IsPlain(string? stored) => stored is not null && !SecretCipher.IsEncrypted(stored);

    /// <summary>The stored form of a secret: encrypted under the key file's key (created now if there is none yet).</summary>
    private string? SealSecret(string? secret, Guid subscriptionId) =>
        secret is null ? null : Cipher(create: true).Encrypt(secret, subscriptionId);

    /// <summary>A secret from its stored form: decrypted, or as it is when stored in plain text from before encryption.</summary>
    private string? OpenSecret(string? stored, Guid subscriptionId)
    {
        if (stored is null || !SecretCipher.IsEncrypted(stored))
        {
            return stored;
        }

        try
        {
            return Cipher(create: false).Decrypt(stored, subscriptionId);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new InvalidOperationException(
                $"The webhook secret of subscription {subscriptionId} does not decrypt with the key in {_keyFile} (Hub:Secrets:KeyFile): "
                + "that file is not the key the secrets were encrypted with (or the row was altered or copied from another subscription). "
                + "Restore the right key file; if it is lost, re-issue the subscribers' secrets (rotate-secret).",
                ex);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"The webhook secret of subscription {subscriptionId} is stored in an unreadable form: {ex.Message}", ex);
        }
    }

    private SecretCipher Cipher(bool create)
    {
        lock (_cipherLock)
        {
            if (_cipher is null)
            {
                if (create)
                {
                    SecretKeyFile.CreateIfMissing(_keyFile);
                }
                else if (!File.Exists(_keyFile))
                {
                    // Never created here: a new key could not decrypt what is stored, and would hide the real problem.
                    throw new InvalidOperationException(
                        $"The database holds encrypted webhook secrets, but the secrets key file {_keyFile} (Hub:Secrets:KeyFile) does not exist. "
                        + "Restore it from backup, or point Hub:Secrets:KeyFile at it; if it is lost, re-issue the subscribers' secrets (rotate-secret).");
                }

                _cipher = new SecretCipher(SecretKeyFile.Read(_keyFile));
            }

            return _cipher;
        }
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates it.
    private sealed class SecretRow
    {
        public object subscription_id { get; set; } = default!;

        public string? secret { get; set; }

        public string? previous_secret { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}
