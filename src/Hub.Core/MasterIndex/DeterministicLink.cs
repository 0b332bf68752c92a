using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Core.MasterIndex;

/// <summary>What the deterministic (NIK) path does with a record.</summary>
public enum LinkOutcome
{
    /// <summary>Merge into the person with the record's NIK.</summary>
    Link = 1,
    /// <summary>Create the person: the source is the identity authority and nobody has this NIK yet.</summary>
    Create,
    /// <summary>Keep the record unlinked, for identity matching to decide.</summary>
    Unlinked,
}

/// <summary>
/// The deterministic path of identity resolution. A NIK is evidence, not a key: it links a record only when the
/// record does not contradict the person the NIK belongs to, and only the identity authority (Dukcapil, which
/// issues NIKs) creates a person from a NIK nobody has. Any other source's unknown NIK may be mistyped, and
/// creating a person from it would make a phantom citizen.
/// </summary>
public static class DeterministicLink
{
    /// <summary>Decides for <paramref name="record"/>, given the golden fields of the person holding its NIK (null when none does).</summary>
    public static (LinkOutcome Outcome, string? Reason) Decide(SourceRecord record, IReadOnlyDictionary<string, GoldenValue>? person)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Nik is null)
        {
            return (LinkOutcome.Unlinked, "no valid NIK");
        }

        if (person is null)
        {
            return record.IsIdentityAuthority
                ? (LinkOutcome.Create, null)
                : (LinkOutcome.Unlinked, "no person holds this NIK, and the source does not issue NIKs");
        }

        foreach (var field in s_mustAgree)
        {
            if (record.Canonical[field] is { } mine && person.TryGetValue(field.Path, out var theirs)
                && !string.Equals(mine, theirs.Value, StringComparison.Ordinal))
            {
                return (LinkOutcome.Unlinked, $"the record's {field.Path} contradicts the person holding its NIK");
            }
        }

        return (LinkOutcome.Link, null);
    }

    private static readonly CanonicalField[] s_mustAgree = [CanonicalFields.BirthDate, CanonicalFields.Sex];
}
