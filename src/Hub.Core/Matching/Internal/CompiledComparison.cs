using IntegrationHub.Core.Matching.Comparators;
using IntegrationHub.Core.Matching.Model;

namespace IntegrationHub.Core.Matching.Internal;

internal enum LevelKind
{
    Exact,
    JaroWinkler,
    DamerauLevenshtein,
    Levenshtein,
    Hamming,
    Transposition,
    Prefix,
    TokenSet,
    TokenSubset,
    DateSwap,
    DateYearOff,
    Else,
}

internal readonly record struct CompiledLevel(LevelKind Kind, double Threshold, int Parameter);

/// <summary>A comparison ready for the hot loop: level tests as a flat array, weights precomputed.</summary>
internal sealed class CompiledComparison
{
    // A distance is computed once per pair, and only when the lengths allow the largest distance any level accepts.
    private readonly int _maxDamerau;
    private readonly int _maxLevenshtein;

    public CompiledComparison(ComparisonDefinition definition, int field)
    {
        Name = definition.Name;
        Field = field;
        Labels = definition.Levels.Select(l => l.Label).ToArray();
        Levels = definition.Levels.Select(Compile).ToArray();
        Weights = definition.Levels.Select(l => Math.Log2(l.M / l.U)).ToArray();
        _maxDamerau = Levels.Where(l => l.Kind == LevelKind.DamerauLevenshtein).Select(l => l.Parameter).DefaultIfEmpty(0).Max();
        _maxLevenshtein = Levels.Where(l => l.Kind == LevelKind.Levenshtein).Select(l => l.Parameter).DefaultIfEmpty(0).Max();
        if (definition.TermFrequency is { } tf)
        {
            TermFrequencyLevel = Array.IndexOf(Labels, tf.Level);
            TermFrequency = tf;
            TermFrequencyU = definition.Levels[TermFrequencyLevel].U;
        }
    }

    public string Name { get; }

    public int Field { get; }

    public string[] Labels { get; }

    public CompiledLevel[] Levels { get; }

    /// <summary>log2(m/u) per level.</summary>
    public double[] Weights { get; }

    /// <summary>The level whose weight is adjusted by term frequency; -1 for none.</summary>
    public int TermFrequencyLevel { get; } = -1;

    public TermFrequencyDefinition? TermFrequency { get; }

    private double TermFrequencyU { get; }

    /// <summary>The adjustment (bits) for agreeing on this value: weight × log2(u / frequency), at most maxBoost.</summary>
    public double TermFrequencyBits(string? value)
    {
        if (TermFrequency is not { } tf || value is null || tf.Weight == 0)
        {
            return 0;
        }

        var frequency = tf.Values.TryGetValue(value, out var f) ? f : tf.DefaultFrequency;
        if (frequency <= 0)
        {
            return 0;
        }

        return Math.Min(tf.MaxBoost, tf.Weight * Math.Log2(TermFrequencyU / frequency));
    }

    /// <summary>The index of the first level the pair satisfies; -1 (null level) when either value is missing.</summary>
    public int Evaluate(PreparedRecord a, PreparedRecord b)
    {
        var la = a.Layout;
        var lb = b.Layout;
        var at = 3 * Field;
        if (la[at + 1] < 0 || lb[at + 1] < 0)
        {
            return -1;
        }

        ReadOnlySpan<char> x = a.Text.AsSpan(la[at], la[at + 1]);
        ReadOnlySpan<char> y = b.Text.AsSpan(lb[at], lb[at + 1]);
        var equal = la[at + 2] == lb[at + 2] && x.SequenceEqual(y);

        var jaroWinkler = -1.0;
        var damerau = -1;
        var levenshtein = -1;
        var levels = Levels;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            bool satisfied;
            switch (level.Kind)
            {
                case LevelKind.Exact:
                    satisfied = equal;
                    break;
                case LevelKind.JaroWinkler:
                    if (jaroWinkler < 0)
                    {
                        jaroWinkler = StringSimilarity.JaroWinkler(x, y);
                    }

                    satisfied = jaroWinkler >= level.Threshold;
                    break;
                case LevelKind.DamerauLevenshtein:
                    if (damerau < 0)
                    {
                        damerau = StringSimilarity.DamerauLevenshteinWithin(x, y, _maxDamerau);
                    }

                    satisfied = damerau <= level.Parameter;
                    break;
                case LevelKind.Levenshtein:
                    if (levenshtein < 0)
                    {
                        levenshtein = StringSimilarity.LevenshteinWithin(x, y, _maxLevenshtein);
                    }

                    satisfied = levenshtein <= level.Parameter;
                    break;
                case LevelKind.Hamming:
                    var h = StringSimilarity.Hamming(x, y);
                    satisfied = h >= 0 && h <= level.Parameter;
                    break;
                case LevelKind.Transposition:
                    satisfied = StringSimilarity.IsAdjacentTransposition(x, y);
                    break;
                case LevelKind.Prefix:
                    satisfied = x.Length >= level.Parameter && y.Length >= level.Parameter
                        && x[..level.Parameter].SequenceEqual(y[..level.Parameter]);
                    break;
                case LevelKind.TokenSet:
                    satisfied = SameTokens(a.SortedTokens[Field]!, b.SortedTokens[Field]!);
                    break;
                case LevelKind.TokenSubset:
                    var ta = a.SortedTokens[Field]!;
                    var tb = b.SortedTokens[Field]!;
                    satisfied = ta.Length <= tb.Length ? IsSubset(ta, tb) : IsSubset(tb, ta);
                    break;
                case LevelKind.DateSwap:
                    satisfied = x.Length == 8 && y.Length == 8 && !equal
                        && x[..4].SequenceEqual(y[..4])
                        && x.Slice(4, 2).SequenceEqual(y.Slice(6, 2)) && x.Slice(6, 2).SequenceEqual(y.Slice(4, 2));
                    break;
                case LevelKind.DateYearOff:
                    satisfied = x.Length == 8 && y.Length == 8 && x.Slice(4, 4).SequenceEqual(y.Slice(4, 4))
                        && Math.Abs(Year(x) - Year(y)) <= level.Parameter;
                    break;
                default:
                    satisfied = true;
                    break;
            }

            if (satisfied)
            {
                return i;
            }
        }

        // A configuration without an else level: a pair that meets no level is the last level.
        return levels.Length - 1;
    }

    private static int Year(ReadOnlySpan<char> yyyymmdd) =>
        ((yyyymmdd[0] - '0') * 1000) + ((yyyymmdd[1] - '0') * 100) + ((yyyymmdd[2] - '0') * 10) + (yyyymmdd[3] - '0');

    private static bool SameTokens(string[] a, string[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // Both sorted ordinally and distinct: a merge walk.
    private static bool IsSubset(string[] small, string[] large)
    {
        var j = 0;
        foreach (var token in small)
        {
            while (j < large.Length && string.CompareOrdinal(large[j], token) < 0)
            {
                j++;
            }

            if (j == large.Length || !string.Equals(large[j], token, StringComparison.Ordinal))
            {
                return false;
            }

            j++;
        }

        return true;
    }

    private static CompiledLevel Compile(LevelDefinition level) => level.Test switch
    {
        LevelTests.Exact => new(LevelKind.Exact, 0, 0),
        LevelTests.JaroWinkler => new(LevelKind.JaroWinkler, level.Threshold ?? 1, 0),
        LevelTests.DamerauLevenshtein => new(LevelKind.DamerauLevenshtein, 0, level.MaxDistance ?? 0),
        LevelTests.Levenshtein => new(LevelKind.Levenshtein, 0, level.MaxDistance ?? 0),
        LevelTests.Hamming => new(LevelKind.Hamming, 0, level.MaxDistance ?? 0),
        LevelTests.Transposition => new(LevelKind.Transposition, 0, 0),
        LevelTests.Prefix => new(LevelKind.Prefix, 0, level.Length ?? 1),
        LevelTests.TokenSet => new(LevelKind.TokenSet, 0, 0),
        LevelTests.TokenSubset => new(LevelKind.TokenSubset, 0, 0),
        LevelTests.DateSwap => new(LevelKind.DateSwap, 0, 0),
        LevelTests.DateYearOff => new(LevelKind.DateYearOff, 0, level.MaxDistance ?? 1),
        _ => new(LevelKind.Else, 0, 0),
    };
}
