namespace IntegrationHub.Core.Matching;

/// <summary>A candidate pair with its match weight.</summary>
public readonly record struct ScoredPair(int First, int Second, double Weight);

/// <summary>Batch deduplication: score every blocked pair of a list of records, then group the records into entities.</summary>
public static class Deduplication
{
    /// <summary>Every pair the blocking rules propose (their union), scored, in (First, Second) order.</summary>
    public static ScoredPair[] ScorePairs(MatchEngine engine, IReadOnlyList<PreparedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pairs = BlockedPairs.Union(engine, records);
        var scored = new ScoredPair[pairs.Count];
        for (var k = 0; k < pairs.Count; k++)
        {
            var (i, j) = (pairs[k].First, pairs[k].Second);
            scored[k] = new ScoredPair(i, j, engine.MatchWeight(records[i], records[j]));
        }

        return scored;
    }

    /// <summary>
    /// Groups records into clusters by the links at or above <paramref name="linkWeight"/>, strongest first. Plain
    /// connected components let one wrong link chain two people together through a third record, so a link that
    /// would join two clusters is refused when any pair already scored between them is below
    /// <paramref name="cannotLinkWeight"/> (the review threshold): evidence that they are different people wins.
    /// </summary>
    /// <returns>The cluster of every record: the smallest record index in it.</returns>
    public static int[] Cluster(int count, IReadOnlyList<ScoredPair> pairs, double linkWeight, double cannotLinkWeight)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var weights = new Dictionary<long, double>(pairs.Count);
        foreach (var p in pairs)
        {
            weights[new RecordPair(p.First, p.Second).Key] = p.Weight;
        }

        var parent = new int[count];
        var members = new List<int>?[count];
        for (var i = 0; i < count; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        List<int> Members(int root) => members[root] ??= [root];

        var links = pairs.Where(p => p.Weight >= linkWeight)
            .OrderByDescending(p => p.Weight).ThenBy(p => p.First).ThenBy(p => p.Second);
        foreach (var link in links)
        {
            var a = Find(link.First);
            var b = Find(link.Second);
            if (a == b)
            {
                continue;
            }

            var left = Members(a);
            var right = Members(b);
            var refused = false;
            foreach (var x in left)
            {
                foreach (var y in right)
                {
                    var key = x < y ? new RecordPair(x, y).Key : new RecordPair(y, x).Key;
                    if (weights.TryGetValue(key, out var w) && w < cannotLinkWeight)
                    {
                        refused = true;
                        break;
                    }
                }

                if (refused)
                {
                    break;
                }
            }

            if (refused)
            {
                continue;
            }

            var (root, child) = left.Count >= right.Count ? (a, b) : (b, a);
            parent[child] = root;
            Members(root).AddRange(Members(child));
            members[child] = null;
        }

        var cluster = new int[count];
        var smallest = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var root = Find(i);
            if (!smallest.TryGetValue(root, out var first))
            {
                smallest[root] = first = i;
            }

            cluster[i] = first;
        }

        return cluster;
    }
}
