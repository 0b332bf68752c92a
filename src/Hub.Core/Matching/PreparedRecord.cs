namespace IntegrationHub.Core.Matching;

/// <summary>
/// A record made ready for scoring by <see cref="MatchEngine.Prepare"/>: every field normalised once, words split
/// and sorted, term frequencies looked up, so that scoring a pair does no parsing and allocates nothing. The values
/// the hot loop reads sit in one character buffer with one table of (start, length, hash) per field, so scoring
/// touches two arrays per record instead of one string per field. It belongs to the model that prepared it.
/// </summary>
public sealed class PreparedRecord
{
    internal PreparedRecord(MatchEngine engine, string?[] values, string[]?[] tokens, string[]?[] sortedTokens, double[] termFrequencyBits)
    {
        Engine = engine;
        Values = values;
        Tokens = tokens;
        SortedTokens = sortedTokens;
        TermFrequencyBits = termFrequencyBits;
        Layout = new int[values.Length * 3];
        var text = new char[values.Sum(v => v?.Length ?? 0)];
        var at = 0;
        for (var f = 0; f < values.Length; f++)
        {
            var value = values[f];
            Layout[3 * f] = at;
            Layout[(3 * f) + 1] = value?.Length ?? -1;
            Layout[(3 * f) + 2] = value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal);
            if (value is not null)
            {
                value.CopyTo(text.AsSpan(at));
                at += value.Length;
            }
        }

        Text = text;
    }

    internal MatchEngine Engine { get; }

    /// <summary>Normalised values by field index; null when missing.</summary>
    internal string?[] Values { get; }

    /// <summary>All values, one after the other.</summary>
    internal char[] Text { get; }

    /// <summary>Per field: start in <see cref="Text"/>, length (-1 when missing), ordinal hash.</summary>
    internal int[] Layout { get; }

    /// <summary>Words of each value in order (null when missing).</summary>
    internal string[]?[] Tokens { get; }

    /// <summary>Distinct words of each value, sorted ordinally (null when missing).</summary>
    internal string[]?[] SortedTokens { get; }

    /// <summary>Per comparison: the term-frequency adjustment (bits) of this record's value at the adjusted level.</summary>
    internal double[] TermFrequencyBits { get; }

    /// <summary>The normalised value of a field, as compared and blocked on; null when missing or unknown.</summary>
    public string? this[string field] => Engine.FieldIndex(field) is var i and >= 0 ? Values[i] : null;
}
