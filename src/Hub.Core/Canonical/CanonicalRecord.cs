using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Core.Canonical;

/// <summary>
/// One agency record mapped to canonical fields: values in their normal text form, each with the mapping
/// rule that produced it. Immutable once built.
/// </summary>
public sealed class CanonicalRecord
{
    private readonly SortedDictionary<string, MappedValue> _values;

    private CanonicalRecord(SortedDictionary<string, MappedValue> values) => _values = values;

    /// <summary>The fields that have a non-empty value, by path (ordinal order).</summary>
    public IReadOnlyDictionary<string, MappedValue> Values => _values;

    /// <summary>The value of a field, or null.</summary>
    public string? this[CanonicalField field] => _values.TryGetValue(field.Path, out var v) ? v.Value : null;

    /// <summary>
    /// A SHA-256 over the canonical values (not the rules): two records with the same content hash say
    /// the same thing, so the second changes nothing.
    /// </summary>
    public string ContentHash()
    {
        var builder = new StringBuilder(512);
        foreach (var (path, value) in _values)
        {
            // Unit and record separators cannot occur in trimmed canonical text, so the encoding is unambiguous.
            builder.Append(path).Append('\u001f').Append(value.Value).Append('\u001e');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>Starts a record.</summary>
    public static Builder CreateBuilder() => new();

    /// <summary>Collects values; empty and whitespace-only values are left out.</summary>
    public sealed class Builder
    {
        private readonly SortedDictionary<string, MappedValue> _values = new(StringComparer.Ordinal);

        /// <summary>Sets a field's value and the rule that produced it.</summary>
        public Builder Set(CanonicalField field, string? value, string rule)
        {
            ArgumentNullException.ThrowIfNull(field);
            if (!string.IsNullOrWhiteSpace(value))
            {
                _values[field.Path] = new MappedValue(value.Trim(), rule);
            }

            return this;
        }

        /// <summary>Builds the record.</summary>
        public CanonicalRecord Build() => new(new SortedDictionary<string, MappedValue>(_values, StringComparer.Ordinal));
    }
}

/// <summary>A canonical value and the mapping rule that produced it.</summary>
public readonly record struct MappedValue(string Value, string Rule);
