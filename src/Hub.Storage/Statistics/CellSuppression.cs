namespace IntegrationHub.Storage.Statistics;

/// <summary>One published row: a count per measure, null where suppressed, with the suppressed measures named.</summary>
public sealed record PublishedCounts(long? Persons, long? Deceased, long? BpjsMembers, long? NpwpHolders, IReadOnlyList<string> Suppressed);

/// <summary>A regency's published counts; <see cref="RegencyCode"/> is null for the persons whose regency is unknown.</summary>
public sealed record PublishedRegency(string? RegencyCode, PublishedCounts Counts);

/// <summary>A province's published total and its regencies; <see cref="ProvinceCode"/> is null for persons without any region.</summary>
public sealed record PublishedProvince(string? ProvinceCode, PublishedCounts Total, IReadOnlyList<PublishedRegency> Regencies);

/// <summary>
/// Statistical disclosure control for the open statistics, so that nobody can be singled out. For each measure
/// separately, per province:
/// <list type="number">
/// <item>Primary: a count from 1 to k−1 is suppressed; so is a count of a part of the persons (deceased, BPJS
/// members, NPWP holders) when the rest of the persons in that region number 1 to k−1 (49 of 50 deceased would
/// single out the one alive). Zero is published.</item>
/// <item>Complementary: a province total is published, so a lone suppressed regency would be the total minus
/// the others; while exactly one regency of a province is suppressed, the smallest published regency (a non-zero
/// one first) is suppressed too, and when none is left, the total.</item>
/// <item>A suppressed province total with no suppressed regency would be their sum; then the smallest non-zero
/// regency is suppressed as well.</item>
/// </list>
/// No national total is published, so province totals need no protection against one.
/// </summary>
public static class CellSuppression
{
    private const int PersonsMeasure = 0;

    /// <summary>Applies suppression with minimum cell size <paramref name="k"/> (at least 2) to exact counts.</summary>
    public static IReadOnlyList<PublishedProvince> Apply(IEnumerable<RegionCounts> counts, int k)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        var measures = StatisticsMeasures.All.Count;
        var provinces = new List<PublishedProvince>();
        foreach (var province in counts.GroupBy(c => c.ProvinceCode, StringComparer.Ordinal).OrderBy(g => g.Key ?? "~", StringComparer.Ordinal))
        {
            var regencies = province.OrderBy(r => r.RegencyCode ?? "~", StringComparer.Ordinal).ToList();
            var cells = regencies.Select(r => r.Values).ToList();
            var total = new long[measures];
            foreach (var cell in cells)
            {
                for (var m = 0; m < measures; m++)
                {
                    total[m] += cell[m];
                }
            }

            var cellSuppressed = cells.Select(c => Primary(c, k)).ToList();
            var totalSuppressed = Primary(total, k);
            for (var m = 0; m < measures; m++)
            {
                Complement(cells, cellSuppressed, totalSuppressed, m);
            }

            provinces.Add(new PublishedProvince(
                province.Key,
                Publish(total, totalSuppressed),
                regencies.Select((r, i) => new PublishedRegency(r.RegencyCode, Publish(cells[i], cellSuppressed[i]))).ToList()));
        }

        return provinces;
    }

    private static bool[] Primary(long[] values, int k)
    {
        var suppressed = new bool[values.Length];
        for (var m = 0; m < values.Length; m++)
        {
            var small = values[m] > 0 && values[m] < k;
            var rest = values[PersonsMeasure] - values[m];
            var smallRest = m != PersonsMeasure && rest > 0 && rest < k;
            suppressed[m] = small || smallRest;
        }

        return suppressed;
    }

    private static void Complement(List<long[]> cells, List<bool[]> suppressed, bool[] totalSuppressed, int m)
    {
        if (!totalSuppressed[m])
        {
            while (suppressed.Count(s => s[m]) == 1)
            {
                var next = SmallestPublished(cells, suppressed, m);
                if (next < 0)
                {
                    totalSuppressed[m] = true;
                    break;
                }

                suppressed[next][m] = true;
            }
        }
        else if (cells.Count > 0 && !suppressed.Any(s => s[m]))
        {
            var next = SmallestPublished(cells, suppressed, m);
            if (next >= 0)
            {
                suppressed[next][m] = true;
            }
        }
    }

    // The published cell with the smallest count, preferring non-zero ones (a zero hides little); -1 when none is left.
    private static int SmallestPublished(List<long[]> cells, List<bool[]> suppressed, int m)
    {
        var best = -1;
        for (var i = 0; i < cells.Count; i++)
        {
            if (suppressed[i][m])
            {
                continue;
            }

            if (best < 0 || Better(cells[i][m], cells[best][m]))
            {
                best = i;
            }
        }

        return best;

        static bool Better(long candidate, long current) =>
            (candidate > 0 && current == 0) || ((candidate > 0) == (current > 0) && candidate < current);
    }

    private static PublishedCounts Publish(long[] values, bool[] suppressed)
    {
        long? Value(int m) => suppressed[m] ? null : values[m];
        var names = StatisticsMeasures.All.Where((_, m) => suppressed[m]).ToList();
        return new PublishedCounts(Value(0), Value(1), Value(2), Value(3), names);
    }
}
