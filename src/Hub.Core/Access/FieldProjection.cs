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
    /// only when the policy allows the <c>nik</c> field.
    /// </summary>
    public static GoldenRecord Project(GoldenRecord person, AccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(policy);
        var fields = new Dictionary<string, GoldenValue>(StringComparer.Ordinal);
        foreach (var (path, value) in person.Fields)
        {
            if (policy.AllowsField(path))
            {
                fields[path] = value;
            }
        }

        return person with { Nik = policy.AllowsField(CanonicalFields.Nik.Path) ? person.Nik : null, Fields = fields };
    }

    /// <summary>The names of the canonical fields a policy may list.</summary>
    public static IReadOnlySet<string> KnownFields { get; } = CanonicalFields.All.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
}
