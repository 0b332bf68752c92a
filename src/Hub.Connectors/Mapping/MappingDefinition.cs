using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Mapping;

/// <summary>
/// A declarative mapping from one source's fields to canonical fields, as written in a mapping file
/// (<c>schemas/mappings/mapping.schema.json</c>). New agencies are added with a file like this, not with code.
/// </summary>
public sealed class MappingDefinition
{
    /// <summary>The source name records are kept under (e.g. <c>bpjs</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The mapping's version; lineage names it with each rule.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The source field that identifies a record within the source.</summary>
    public required string KeyField { get; init; }

    /// <summary>
    /// True for the source that issues NIKs (Dukcapil): its records create persons from new NIKs. Other sources'
    /// records only link to a person that already holds their NIK, and stay unlinked otherwise. Default: false.
    /// </summary>
    public bool IdentityAuthority { get; init; }

    /// <summary>The agency payload schema rows are checked against before mapping (e.g. <c>schemas/agencies/bpjs-peserta.schema.json</c>), relative to the program's directory; none when null.</summary>
    public string? Schema { get; init; }

    /// <summary>The rules, applied in order; a later rule for the same target overwrites an earlier non-empty value only when it produces one.</summary>
    public required IReadOnlyList<MappingRule> Rules { get; init; }

    /// <summary>
    /// Checks on the mapped record as a whole: <c>nik-agrees</c> (the NIK encodes the record's own birth date and
    /// sex; else <c>nik.ContradictsRecord</c>), <c>birth-not-future</c> (else <c>date.Future</c>), <c>birth-plausible</c>
    /// (not in the future, and not before 1880, else <c>date.Invalid</c>),
    /// <c>death-after-birth</c> (else <c>date.Invalid</c> on the date of death).
    /// </summary>
    public IReadOnlyList<string> Checks { get; init; } = [];
}

/// <summary>One rule: where a value comes from, how it is transformed, and which canonical field it fills.</summary>
public sealed class MappingRule
{
    /// <summary>The canonical field path (e.g. <c>address.rt</c>).</summary>
    public required string Target { get; init; }

    /// <summary>A source field (dotted path for nested JSON, e.g. <c>jenisPeserta.keterangan</c>).</summary>
    public string? From { get; init; }

    /// <summary>Several source fields joined by <see cref="Separator"/> (empty ones skipped), instead of <see cref="From"/>.</summary>
    public IReadOnlyList<string>? Concat { get; init; }

    /// <summary>The separator for <see cref="Concat"/>. Default: one space.</summary>
    public string Separator { get; init; } = " ";

    /// <summary>Widths to left-pad each <see cref="Concat"/> part to with zeros (codes such as NO_PROP + NO_KAB); 0 leaves a part as it is.</summary>
    public IReadOnlyList<int>? PadParts { get; init; }

    /// <summary>A constant value instead of a source field.</summary>
    public string? Constant { get; init; }

    /// <summary>Applies the rule only when this condition holds.</summary>
    public MappingCondition? When { get; init; }

    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<MappingTransform> Transforms { get; init; } = [];

    /// <summary>
    /// What a failing transform does: <c>quarantine</c> the record (default), or <c>drop</c> the value and keep the
    /// record (e.g. a mistyped NIK in a BPJS record: the record is still good, the NIK is not).
    /// </summary>
    public string OnError { get; init; } = "quarantine";

    /// <summary>When true, a record for which this rule yields no value is quarantined (<c>field.Required</c>).</summary>
    public bool Required { get; init; }

    /// <summary>A name for the rule in lineage and quarantine reasons. Default: <c>{from} -&gt; {target}</c>.</summary>
    public string? Name { get; init; }
}

/// <summary>A condition on a source field: equal to one of <see cref="In"/>, or (with <see cref="Present"/>) non-empty or empty.</summary>
public sealed class MappingCondition
{
    /// <summary>The source field tested.</summary>
    public required string Field { get; init; }

    /// <summary>The values that satisfy the condition (compared case-insensitively after trimming).</summary>
    public IReadOnlyList<string>? In { get; init; }

    /// <summary>True: the field must be non-empty; false: it must be empty.</summary>
    public bool? Present { get; init; }
}

/// <summary>
/// One transform step. <see cref="Op"/> selects it; the other properties are its arguments:
/// <c>trim</c>, <c>collapse</c> (single spaces), <c>upper</c>, <c>lower</c>, <c>title</c>,
/// <c>date</c> (<see cref="Formats"/> in, ISO yyyy-MM-dd out), <c>datetime</c> (<see cref="Formats"/> in, ISO 8601 out, <see cref="Offset"/> assumed),
/// <c>code</c> (<see cref="Table"/>; <see cref="Default"/> when no entry, else the record is quarantined),
/// <c>regex</c> (<see cref="Pattern"/>, <see cref="Group"/>; no match yields no value),
/// <c>split</c> (<see cref="SeparatorText"/>, <see cref="Index"/>), <c>pad</c> (<see cref="Width"/>, zeros on the left, digits only),
/// <c>digits</c> (keep digits only), <c>npwp16</c> (15-digit legacy NPWP to 16 digits), <c>nik</c> (must parse as a NIK),
/// <c>match</c> (the whole value must match <see cref="Pattern"/>, else the record is quarantined with <see cref="Reason"/>),
/// <c>name-normalise</c> (Indonesian name matching key), <c>region-name</c> (a Kemendagri code to its name; unknown codes give no value).
/// </summary>
public sealed class MappingTransform
{
    /// <summary>The transform's name.</summary>
    public required string Op { get; init; }

    /// <summary>Date formats for <c>date</c> and <c>datetime</c>, tried in order (invariant culture).</summary>
    public IReadOnlyList<string>? Formats { get; init; }

    /// <summary>The UTC offset assumed by <c>datetime</c>, e.g. <c>+07:00</c> (WIB). Default: +07:00.</summary>
    public string? Offset { get; init; }

    /// <summary>The code table for <c>code</c> (keys compared case-insensitively after trimming).</summary>
    public IReadOnlyDictionary<string, string?>? Table { get; init; }

    /// <summary>The value <c>code</c> gives for a key not in <see cref="Table"/>; absent means quarantine.</summary>
    public string? Default { get; init; }

    /// <summary>The regular expression for <c>regex</c>.</summary>
    public string? Pattern { get; init; }

    /// <summary>The capture group <c>regex</c> keeps. Default: 1.</summary>
    public int Group { get; init; } = 1;

    /// <summary>The separator for <c>split</c>.</summary>
    [JsonPropertyName("separator")]
    public string? SeparatorText { get; init; }

    /// <summary>The part <c>split</c> keeps (0-based).</summary>
    public int Index { get; init; }

    /// <summary>The width for <c>pad</c>.</summary>
    public int Width { get; init; }

    /// <summary>The quarantine reason <c>match</c> gives when the value does not match <see cref="Pattern"/> in full. Default: <c>mapping.match</c>.</summary>
    public string? Reason { get; init; }
}
