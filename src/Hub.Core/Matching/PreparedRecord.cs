namespace IntegrationHub.Core.Matching;

/// <summary>
/// A record made ready for scoring by <see cref="MatchEngine.Prepare"/>: every field normalised once, dates parsed,
/// words split and sorted, term frequencies looked up, so that scoring a pair does no parsing and allocates nothing.
/// It belongs to the engine that prepared it.
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
    }

    internal MatchEngine Engine { get; }

    /// <summary>Normalised values by field index; null when missing.</summary>
    internal string?[] Values { get; }

    /// <summary>Words of each value in order (null when missing).</summary>
    internal string[]?[] Tokens { get; }

    /// <summary>Distinct words of each value, sorted ordinally (null when missing).</summary>
    internal string[]?[] SortedTokens { get; }

    /// <summary>Per comparison: the term-frequency adjustment (bits) of this record's value at the adjusted level.</summary>
    internal double[] TermFrequencyBits { get; }

    /// <summary>The normalised value of a field, as compared and blocked on; null when missing or unknown.</summary>
    public string? this[string field] => Engine.FieldIndex(field) is var i and >= 0 ? Values[i] : null;
}
