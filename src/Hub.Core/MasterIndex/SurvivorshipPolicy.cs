namespace IntegrationHub.Core.MasterIndex;

/// <summary>
/// Which source is trusted most for which field. A field path matches the longest configured prefix
/// (<c>bpjs.</c> matches <c>bpjs.status</c>); a source not listed for a field has trust 0.
/// Between equal trust the more recent record wins.
/// </summary>
public sealed class SurvivorshipPolicy
{
    private readonly Dictionary<string, Dictionary<string, int>> _trustBySource;

    /// <summary>Creates a policy from source → (field prefix → trust, higher wins).</summary>
    public SurvivorshipPolicy(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _trustBySource = trust.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The default of DESIGN.md: Dukcapil is authoritative for identity, BPJS for BPJS fields, DJP for
    /// the tax number and tax status. Everything else falls to recency.
    /// </summary>
    public static SurvivorshipPolicy Default { get; } = new(new Dictionary<string, IReadOnlyDictionary<string, int>>
    {
        ["dukcapil"] = new Dictionary<string, int> { [""] = 100, ["bpjs."] = 10, ["npwp"] = 10, ["tax."] = 10, ["phone"] = 10 },
        ["bpjs"] = new Dictionary<string, int> { [""] = 20, ["bpjs."] = 100, ["phone"] = 50 },
        ["djp"] = new Dictionary<string, int> { [""] = 20, ["npwp"] = 100, ["tax."] = 100 },
    });

    /// <summary>The trust of <paramref name="source"/> for the field at <paramref name="path"/>.</summary>
    public int TrustOf(string source, string path)
    {
        if (!_trustBySource.TryGetValue(source, out var prefixes))
        {
            return 0;
        }

        var best = -1;
        var trust = 0;
        foreach (var (prefix, value) in prefixes)
        {
            if (prefix.Length > best && path.StartsWith(prefix, StringComparison.Ordinal))
            {
                best = prefix.Length;
                trust = value;
            }
        }

        return trust;
    }

    /// <summary>
    /// Whether an incoming value from <paramref name="source"/> replaces the current one: always when there is
    /// none, or when it comes from the same source (a newer version of the record); otherwise by trust, then
    /// recency.
    /// </summary>
    public bool Replaces(GoldenValue? current, string source, string path, DateTimeOffset receivedAt)
    {
        if (current is null || string.Equals(current.Provenance.Source, source, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var incoming = TrustOf(source, path);
        var existing = TrustOf(current.Provenance.Source, path);
        return incoming != existing ? incoming > existing : receivedAt >= current.Provenance.ReceivedAt;
    }
}
