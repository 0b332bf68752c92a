using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.MasterIndex;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Cuts a person down to what a policy allows: the one projection every response and feed uses, so that a client
/// never receives a field (or the provenance of a field) outside its policy. Pure; the person is not changed.
/// </summary>
public static class FieldProjection
{
    /// <summary>
    /// The person with only the fields <paramref name="policy"/> allows, each with its provenance. The NIK is kept
    /// only when the policy allows the <c>nik</c> field. A provenance's source key is an agency's own identifier of
    /// the person (a NIK, a BPJS card number, an NPWP), so it is kept only for a policy that allows every identifier
    /// field; others get it empty and can still cite the source record by its id.
    /// </summary>
    public static GoldenRecord Project(GoldenRecord person, AccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(policy);
        var keepSourceKeys = s_identifiers.All(policy.AllowsField);
        var fields = new Dictionary<string, GoldenValue>(StringComparer.Ordinal);
        foreach (var (path, value) in person.Fields)
        {
            if (policy.AllowsField(path))
            {
                fields[path] = keepSourceKeys ? value : value with { Provenance = value.Provenance with { SourceKey = "" } };
            }
        }

        return person with { Nik = policy.AllowsField(CanonicalFields.Nik.Path) ? person.Nik : null, Fields = fields };
    }

    private static readonly string[] s_identifiers = [.. CanonicalFields.All.Where(f => f.Kind == FieldKind.Identifier).Select(f => f.Path)];

    /// <summary>The names of the canonical fields a policy may list.</summary>
    public static IReadOnlySet<string> KnownFields { get; } = CanonicalFields.All.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
}
