namespace IntegrationHub.Core.Matching;

/// <summary>A candidate pair: indexes into a list of records, <see cref="First"/> &lt; <see cref="Second"/>.</summary>
public readonly record struct RecordPair(int First, int Second)
{
    internal long Key => ((long)First << 32) | (uint)Second;

    internal static RecordPair FromKey(long key) => new((int)(key >> 32), (int)(key & 0xFFFFFFFF));
}

/// <summary>Candidate pairs of a batch of records by the model's blocking rules (batch deduplication and training).</summary>
public static class BlockedPairs
{
    /// <summary>The pairs that share a key of one rule; blocks above the rule's maxBlockSize are skipped.</summary>
    public static IReadOnlyList<RecordPair> ForRule(MatchEngine engine, IReadOnlyList<PreparedRecord> records, int rule)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(records);
        var set = new HashSet<long>();
        AddRule(engine, records, rule, set);
        return Sorted(set);
    }

    /// <summary>The union over every rule, each pair once, in (First, Second) order.</summary>
    public static IReadOnlyList<RecordPair> Union(MatchEngine engine, IReadOnlyList<PreparedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(records);
        var set = new HashSet<long>();
        for (var r = 0; r < engine.RuleNames.Count; r++)
        {
            AddRule(engine, records, r, set);
        }

        return Sorted(set);
    }

    private static void AddRule(MatchEngine engine, IReadOnlyList<PreparedRecord> records, int rule, HashSet<long> set)
    {
        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            foreach (var key in engine.BlockingKeys(records[i], rule))
            {
                if (!blocks.TryGetValue(key, out var members))
                {
                    blocks[key] = members = [];
                }

                members.Add(i);
            }
        }

        var limit = engine.Rules[rule].MaxBlockSize;
        foreach (var members in blocks.Values)
        {
            if (limit > 0 && members.Count > limit)
            {
                continue;
            }

            for (var x = 0; x < members.Count; x++)
            {
                for (var y = x + 1; y < members.Count; y++)
                {
                    var (a, b) = members[x] < members[y] ? (members[x], members[y]) : (members[y], members[x]);
                    if (a != b)
                    {
                        set.Add(new RecordPair(a, b).Key);
                    }
                }
            }
        }
    }

    private static RecordPair[] Sorted(HashSet<long> set)
    {
        var keys = set.ToArray();
        Array.Sort(keys);
        return Array.ConvertAll(keys, RecordPair.FromKey);
    }
}
