namespace IntegrationHub.Core.Canonical;

/// <summary>
/// A field of the canonical person, named by its dotted path in <c>schemas/canonical/person.schema.json</c>
/// (e.g. <c>address.rt</c>). Survivorship, lineage and projection work field by field on these paths.
/// </summary>
public sealed record CanonicalField(string Path, FieldKind Kind, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => Path;
}
