using System.Buffers;

namespace IntegrationHub.Core.Matching.Comparators;

/// <summary>
/// String similarity and distance measures used by comparison levels. None allocates for values up to
/// <see cref="StackLimit"/> characters (the scoring hot loop); longer values rent from the shared pool.
/// </summary>
public static class StringSimilarity
{
    /// <summary>Longest value handled entirely on the stack.</summary>
    public const int StackLimit = 128;

    /// <summary>
    /// Jaro-Winkler similarity (0 = nothing in common, 1 = equal): Jaro with a bonus of 0.1 per equal leading
    /// character, up to four, applied when Jaro is above 0.7 (Winkler's boost threshold).
    /// </summary>
    public static double JaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= 0.7)
        {
            return jaro;
        }

        var prefix = 0;
        var limit = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }

    /// <summary>Jaro similarity: matching characters within a window, penalised by half the transpositions.</summary>
    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (a.SequenceEqual(b))
        {
            return 1;
        }

        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        if (a.Length <= 64 && b.Length <= 64)
        {
            return JaroShort(a, b, window);
        }

        bool[]? rentedA = null;
        bool[]? rentedB = null;
        Span<bool> matchedA = a.Length <= StackLimit ? stackalloc bool[a.Length] : (rentedA = ArrayPool<bool>.Shared.Rent(a.Length)).AsSpan(0, a.Length);
        Span<bool> matchedB = b.Length <= StackLimit ? stackalloc bool[b.Length] : (rentedB = ArrayPool<bool>.Shared.Rent(b.Length)).AsSpan(0, b.Length);
        matchedA.Clear();
        matchedB.Clear();
        try
        {
            var matches = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var from = Math.Max(0, i - window);
                var to = Math.Min(b.Length - 1, i + window);
                for (var j = from; j <= to; j++)
                {
                    if (!matchedB[j] && a[i] == b[j])
                    {
                        matchedA[i] = true;
                        matchedB[j] = true;
                        matches++;
                        break;
                    }
                }
            }

            if (matches == 0)
            {
                return 0;
            }

            var transpositions = 0;
            var k = 0;
            for (var i = 0; i < a.Length; i++)
            {
                if (!matchedA[i])
                {
                    continue;
                }

                while (!matchedB[k])
                {
                    k++;
                }

                if (a[i] != b[k])
                {
                    transpositions++;
                }

                k++;
            }

            double m = matches;
            return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
        }
        finally
        {
            if (rentedA is not null)
            {
                ArrayPool<bool>.Shared.Return(rentedA);
            }

            if (rentedB is not null)
            {
                ArrayPool<bool>.Shared.Return(rentedB);
            }
        }
    }

    // Names are short: the matched flags fit in two 64-bit masks, so nothing is allocated or cleared.
    private static double JaroShort(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int window)
    {
        ulong matchedA = 0;
        ulong matchedB = 0;
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            var c = a[i];
            for (var j = from; j <= to; j++)
            {
                if ((matchedB & (1UL << j)) == 0 && b[j] == c)
                {
                    matchedA |= 1UL << i;
                    matchedB |= 1UL << j;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var remainingA = matchedA;
        var remainingB = matchedB;
        while (remainingA != 0)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(remainingA);
            var j = System.Numerics.BitOperations.TrailingZeroCount(remainingB);
            remainingA &= remainingA - 1;
            remainingB &= remainingB - 1;
            if (a[i] != b[j])
            {
                transpositions++;
            }
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
    }

    /// <summary>
    /// Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions
    /// and swaps of two adjacent characters each cost one (no substring is edited twice).
    /// </summary>
    public static int DamerauLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => EditDistance(a, b, transpositions: true);

    /// <summary>Levenshtein distance: insertions, deletions and substitutions each cost one.</summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => EditDistance(a, b, transpositions: false);

    /// <summary>Positions that differ between two values of the same length; -1 when the lengths differ.</summary>
    public static int Hamming(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return -1;
        }

        var d = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                d++;
            }
        }

        return d;
    }

    /// <summary>True when <paramref name="b"/> is <paramref name="a"/> with exactly one pair of adjacent, different characters swapped.</summary>
    public static bool IsAdjacentTransposition(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length || a.Length < 2)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && a[i] == b[i])
        {
            i++;
        }

        if (i >= a.Length - 1)
        {
            return false;
        }

        return a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]);
    }

    /// <summary>
    /// <see cref="DamerauLevenshtein"/> when it is at most <paramref name="max"/>, otherwise <paramref name="max"/> + 1;
    /// only a band of 2·max + 1 cells per row is computed, so a small bound makes it linear in the length.
    /// </summary>
    public static int DamerauLevenshteinWithin(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max) => EditDistance(a, b, transpositions: true, max);

    /// <summary><see cref="Levenshtein"/> when it is at most <paramref name="max"/>, otherwise <paramref name="max"/> + 1.</summary>
    public static int LevenshteinWithin(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max) => EditDistance(a, b, transpositions: false, max);

    private static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool transpositions, int max = int.MaxValue)
    {
        // Common prefix and suffix cost nothing and shrink the table.
        var start = a.CommonPrefixLength(b);
        a = a[start..];
        b = b[start..];
        var end = 0;
        while (end < a.Length && end < b.Length && a[a.Length - 1 - end] == b[b.Length - 1 - end])
        {
            end++;
        }

        a = a[..^end];
        b = b[..^end];
        // No distance exceeds the longer length, so an unbounded call uses that as its bound.
        max = Math.Min(max, Math.Max(a.Length, b.Length));
        var cap = max + 1;
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return cap;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Min(cap, Math.Max(a.Length, b.Length));
        }

        // Cells further than max from the diagonal can only hold distances above max: they are never computed
        // and read as the cap.
        var band = Math.Min(max, Math.Max(a.Length, b.Length));
        var width = b.Length + 1;
        int[]? rented = null;
        Span<int> rows = width <= StackLimit + 1
            ? stackalloc int[3 * width]
            : (rented = ArrayPool<int>.Shared.Rent(3 * width)).AsSpan(0, 3 * width);
        try
        {
            var twoBack = rows[..width];
            var previous = rows.Slice(width, width);
            var current = rows.Slice(2 * width, width);
            twoBack.Fill(cap);
            for (var j = 0; j < width; j++)
            {
                previous[j] = Math.Min(j, cap);
            }

            for (var i = 1; i <= a.Length; i++)
            {
                // Only the cells just outside this row's band are read by the next rows; they hold the cap.
                current[0] = Math.Min(i, cap);
                var from = Math.Max(1, i - band);
                var to = Math.Min(b.Length, i + band);
                current[from - 1] = from > 1 ? cap : current[0];
                if (to < b.Length)
                {
                    current[to + 1] = cap;
                }

                var rowMin = current[0];
                for (var j = from; j <= to; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        best = Math.Min(best, twoBack[j - 2] + 1);
                    }

                    best = Math.Min(best, cap);
                    current[j] = best;
                    rowMin = Math.Min(rowMin, best);
                }

                if (rowMin >= cap)
                {
                    return cap;
                }

                // Rotate the three rows without copying.
                var recycled = twoBack;
                twoBack = previous;
                previous = current;
                current = recycled;
            }

            return previous[b.Length];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }
}
