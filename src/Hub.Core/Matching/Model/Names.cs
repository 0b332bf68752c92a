namespace IntegrationHub.Core.Matching.Model;

/// <summary>The field normalisers a model may name.</summary>
public static class FieldNormalisers
{
    /// <summary>Trimmed, otherwise as given.</summary>
    public const string Trim = "trim";

    /// <summary>Trimmed, runs of white space collapsed to one space, upper case (invariant).</summary>
    public const string Upper = "upper";

    /// <summary>Digits only; a value without digits is missing.</summary>
    public const string Digits = "digits";

    /// <summary>The hub's Indonesian name normaliser (titles, degrees and spelling variants).</summary>
    public const string IndonesianName = "indonesian-name";

    /// <summary>A date parsed with the field's formats and kept as yyyyMMdd; an unparsable value is missing.</summary>
    public const string Date = "date";

    internal static readonly string[] All = [Trim, Upper, Digits, IndonesianName, Date];
}

/// <summary>The level tests a model may name.</summary>
public static class LevelTests
{
    /// <summary>The two values are equal.</summary>
    public const string Exact = "exact";

    /// <summary>Jaro-Winkler similarity at least <c>threshold</c>.</summary>
    public const string JaroWinkler = "jaro-winkler";

    /// <summary>Damerau-Levenshtein (optimal string alignment) distance at most <c>maxDistance</c>; a transposition is one edit.</summary>
    public const string DamerauLevenshtein = "damerau-levenshtein";

    /// <summary>Levenshtein distance at most <c>maxDistance</c>; a transposition is two edits.</summary>
    public const string Levenshtein = "levenshtein";

    /// <summary>Same length, differing in at most <c>maxDistance</c> positions.</summary>
    public const string Hamming = "hamming";

    /// <summary>Equal but for one swap of two adjacent characters.</summary>
    public const string Transposition = "transposition";

    /// <summary>The first <c>length</c> characters are equal (both values at least that long).</summary>
    public const string Prefix = "prefix";

    /// <summary>The same words in any order.</summary>
    public const string TokenSet = "token-set";

    /// <summary>Every word of the value with fewer words is a word of the other (a dropped middle name, a single name).</summary>
    public const string TokenSubset = "token-subset";

    /// <summary>Dates (yyyyMMdd): day and month swapped, year equal.</summary>
    public const string DateSwap = "date-swap";

    /// <summary>Dates (yyyyMMdd): month and day equal, years at most <c>maxDistance</c> apart (default 1).</summary>
    public const string DateYearOff = "date-year-off";

    /// <summary>Always true: the last level.</summary>
    public const string Else = "else";

    internal static readonly string[] All =
        [Exact, JaroWinkler, DamerauLevenshtein, Levenshtein, Hamming, Transposition, Prefix, TokenSet, TokenSubset, DateSwap, DateYearOff, Else];
}

/// <summary>The blocking-key functions a model may name. Each maps a prepared field value to zero, one or several key parts.</summary>
public static class KeyFunctions
{
    /// <summary>The value itself.</summary>
    public const string Exact = "exact";

    /// <summary>The first <c>length</c> characters (the whole value when shorter).</summary>
    public const string Prefix = "prefix";

    /// <summary>The last <c>length</c> characters (the whole value when shorter).</summary>
    public const string Suffix = "suffix";

    /// <summary>The first word.</summary>
    public const string FirstToken = "first-token";

    /// <summary>The last word.</summary>
    public const string LastToken = "last-token";

    /// <summary>Every word: one key per word (several keys for the rule).</summary>
    public const string EachToken = "each-token";

    /// <summary>The words sorted and joined by a space (word order does not matter).</summary>
    public const string SortedTokens = "sorted-tokens";

    /// <summary>Soundex-like phonetic code of every word, sorted and joined.</summary>
    public const string Phonetic = "phonetic";

    /// <summary>Soundex-like phonetic code of the first word.</summary>
    public const string PhoneticFirstToken = "phonetic-first-token";

    /// <summary>The year of a date field (yyyy).</summary>
    public const string Year = "year";

    /// <summary>Month and day of a date field (MMdd).</summary>
    public const string MonthDay = "month-day";

    internal static readonly string[] All =
        [Exact, Prefix, Suffix, FirstToken, LastToken, EachToken, SortedTokens, Phonetic, PhoneticFirstToken, Year, MonthDay];
}
