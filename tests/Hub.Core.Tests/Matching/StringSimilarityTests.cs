using IntegrationHub.Core.Matching.Comparators;

namespace IntegrationHub.Core.Tests.Matching;

public sealed class StringSimilarityTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.84)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("SITI", "SITI", 1.0)]
    [InlineData("ABC", "XYZ", 0.0)]
    public void JaroWinkler_KnownPairs_MatchPublishedValues(string a, string b, double expected) =>
        Assert.Equal(expected, StringSimilarity.JaroWinkler(a, b), 3);

    [Fact]
    public void JaroWinkler_LongValues_AgreeWithShortPath()
    {
        // Above 64 characters the pooled-array path runs; it must give what the bit-mask path gives on the same text.
        var a = new string('A', 40) + "SUHARTONO WIBOWO" + new string('B', 20);
        var b = new string('A', 40) + "SUHARTNO WIBOWO" + new string('B', 20);
        var shortA = "SUHARTONO WIBOWO";
        var shortB = "SUHARTNO WIBOWO";
        Assert.InRange(StringSimilarity.JaroWinkler(a, b), 0.9, 1.0);
        Assert.InRange(StringSimilarity.JaroWinkler(shortA, shortB), 0.9, 1.0);
        Assert.Equal(StringSimilarity.JaroWinkler(b, a), StringSimilarity.JaroWinkler(a, b), 12);
    }

    [Theory]
    [InlineData("CA", "AC", 1, 2)]
    [InlineData("SUPARMAN", "SUPARMN", 1, 1)]
    [InlineData("3201011201900001", "3201011201900010", 1, 2)]
    [InlineData("KITTEN", "SITTING", 3, 3)]
    [InlineData("", "ABC", 3, 3)]
    public void EditDistances_KnownPairs(string a, string b, int damerau, int levenshtein)
    {
        Assert.Equal(damerau, StringSimilarity.DamerauLevenshtein(a, b));
        Assert.Equal(levenshtein, StringSimilarity.Levenshtein(a, b));
    }

    [Fact]
    public void BoundedEditDistances_AgreeWithTheFullTable_OnRandomStrings()
    {
        var random = new Random(7);
        for (var n = 0; n < 3000; n++)
        {
            var a = RandomWord(random);
            var b = random.Next(3) == 0 ? Mutate(a, random) : RandomWord(random);
            var full = Naive(a, b, transpositions: true);
            var plain = Naive(a, b, transpositions: false);
            Assert.Equal(full, StringSimilarity.DamerauLevenshtein(a, b));
            Assert.Equal(plain, StringSimilarity.Levenshtein(a, b));
            foreach (var max in new[] { 0, 1, 2, 3 })
            {
                Assert.Equal(Math.Min(full, max + 1), StringSimilarity.DamerauLevenshteinWithin(a, b, max));
                Assert.Equal(Math.Min(plain, max + 1), StringSimilarity.LevenshteinWithin(a, b, max));
            }
        }
    }

    [Theory]
    [InlineData("1234", "1324", true)]
    [InlineData("1234", "1234", false)]
    [InlineData("1234", "4231", false)]
    [InlineData("1234", "2143", false)]
    public void IsAdjacentTransposition(string a, string b, bool expected) =>
        Assert.Equal(expected, StringSimilarity.IsAdjacentTransposition(a, b));

    [Theory]
    [InlineData("ROBERT", "R163")]
    [InlineData("RUPERT", "R163")]
    [InlineData("ASHCRAFT", "A261")]
    [InlineData("SUPARMAN", "S165")]
    [InlineData("123", "")]
    public void Phonetic_Codes(string word, string expected) => Assert.Equal(expected, Phonetic.Code(word));

    private static string RandomWord(Random random)
    {
        var chars = new char[random.Next(0, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('A' + random.Next(4));
        }

        return new string(chars);
    }

    private static string Mutate(string a, Random random)
    {
        var chars = a.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0: chars.Insert(at, (char)('A' + random.Next(4))); break;
                case 1 when chars.Count > 0: chars.RemoveAt(at); break;
                case 2 when chars.Count > 0: chars[at] = (char)('A' + random.Next(4)); break;
                case 3 when at + 1 < chars.Count: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
                default: break;
            }
        }

        return new string(chars.ToArray());
    }

    // The textbook full table, the reference the banded implementation must agree with.
    private static int Naive(string a, string b, bool transpositions)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
