using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IntegrationHub.Core.Audit;

/// <summary>
/// The hash chain's rules, in one place so that the writer and every verifier agree byte for byte:
/// <c>hash(n) = SHA-256(hash(n-1) || canonical(n))</c> over the UTF-8 bytes of the lowercase hex previous hash and
/// of the canonical form, starting from <see cref="GenesisHash"/>.
/// </summary>
/// <remarks>
/// The canonical form is a JSON object with every property present, in a fixed order, nulls written as null, no
/// whitespace, the time as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>. Changing it breaks the verification of every stored
/// chain, which is why <see cref="CanonicalVersion"/> is part of it.
/// </remarks>
public static class AuditChain
{
    /// <summary>The version of the canonical form, written into every entry's canonical bytes.</summary>
    public const int CanonicalVersion = 1;

    /// <summary>The "previous hash" of entry 1: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private static readonly JsonWriterOptions s_writer = new() { Indented = false, SkipValidation = false };

    /// <summary>Times are kept to whole microseconds: PostgreSQL's timestamptz keeps no more, and the hash covers the time.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>The time as the canonical form and the database's text column write it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        Truncate(time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The canonical UTF-8 bytes of an entry's content (everything but its hashes).</summary>
    public static byte[] Canonical(long seq, DateTimeOffset time, AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, s_writer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", CanonicalVersion);
            json.WriteNumber("seq", seq);
            json.WriteString("time", FormatTime(time));
            json.WriteString("action", entry.Action);
            json.WriteString("actor", entry.Actor);
            WriteNullable(json, "purpose", entry.Purpose);
            WriteNullable(json, "nik", entry.SubjectNik);
            WriteNullable(json, "person", entry.SubjectPersonId?.ToString("D", CultureInfo.InvariantCulture));
            json.WritePropertyName("fields");
            if (entry.Fields is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStartArray();
                foreach (var field in entry.Fields)
                {
                    json.WriteStringValue(field);
                }

                json.WriteEndArray();
            }

            WriteNullable(json, "request", entry.RequestId);
            // The detail is kept as the exact text given (not re-serialised), so it hashes the same after any round trip.
            WriteNullable(json, "detail", entry.Detail);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The canonical form as text, for people reading what is hashed.</summary>
    public static string CanonicalText(long seq, DateTimeOffset time, AuditEvent entry) => Encoding.UTF8.GetString(Canonical(seq, time, entry));

    /// <summary><c>SHA-256(previousHash || canonical)</c> as lowercase hex.</summary>
    public static string ComputeHash(string previousHash, long seq, DateTimeOffset time, AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        var canonical = Canonical(seq, time, entry);
        var input = new byte[Encoding.UTF8.GetByteCount(previousHash) + canonical.Length];
        var written = Encoding.UTF8.GetBytes(previousHash, input);
        canonical.CopyTo(input, written);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>Chains <paramref name="entry"/> after <paramref name="previousHash"/> as entry <paramref name="seq"/>.</summary>
    public static AuditEntry Link(string previousHash, long seq, DateTimeOffset time, AuditEvent entry)
    {
        var at = Truncate(time);
        return new AuditEntry(seq, at, entry, previousHash, ComputeHash(previousHash, seq, at, entry));
    }

    /// <summary>The bytes a seal signs: a label, the last sequence number, its hash and the seal's time.</summary>
    public static byte[] SealPayload(long upToSeq, string hash, DateTimeOffset time) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"integrationhub-audit-seal-v1\n{upToSeq}\n{hash}\n{FormatTime(time)}"));

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
