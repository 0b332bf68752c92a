#pragma warning disable CA5394 // synthetic test data, not security

using System.Collections.Frozen;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// A name as written on a record, taken apart into leading titles ("H.", "DRS."), name words and trailing degrees
/// (after the first comma), so that the ways agencies write names differently can be applied one at a time. Each
/// <c>Can...</c> says whether a change applies; the matching method makes it. Upper-case names as SIAK writes them.
/// </summary>
public sealed class NameNoise
{
    private static readonly FrozenSet<string> Titles = new[] { "H.", "HJ.", "DR.", "DRS.", "DRA.", "IR.", "PROF.", "DRG." }
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] AddedDegrees = [", S.E.", ", S.PD", ", S.H.", ", S.KOM", ", A.MD", ", S.SOS", ", SE", ", S.T."];

    // Words written more than one accepted way on Indonesian records; any member may stand for any other.
    private static readonly string[][] VariantGroups =
    [
        ["MUHAMMAD", "MUHAMAD", "MOHAMMAD", "MOHAMAD", "MOCHAMMAD", "MOCHAMAD", "MUCHAMMAD", "MOH.", "MOCH.", "MUH."],
        ["AHMAD", "ACHMAD", "AHMAT"],
        ["ABDUL", "ABDOEL", "ABD."],
        ["SITI", "SITTI"],
        ["NUR", "NOOR", "NOER"],
        ["YUSUF", "YUSUP", "JUSUF"],
        ["RAHMAN", "RACHMAN", "ROHMAN"],
        ["RAHMAT", "RACHMAT", "ROHMAT"],
        ["RAHMAWATI", "RACHMAWATI"],
        ["RIZKI", "RIZKY", "RISKI", "REZKI"],
        ["PUTRI", "PUTERI"],
        ["FITRI", "FITRIE", "FITRY"],
        ["SYAIFUL", "SAIFUL", "SYAIPUL"],
        ["SYAMSUL", "SAMSUL", "SJAMSUL"],
        ["FIRMANSYAH", "FIRMANSAH"],
        ["HERI", "HERRY", "HERY"],
        ["ANDI", "ANDY"],
        ["DEDI", "DEDY", "DEDDY"],
        ["RUDI", "RUDY"],
        ["SUSANTI", "SUSANTY"],
        ["YANTI", "YANTY"],
        ["AGUS", "AGOES"],
        ["SRI", "SRIE"],
    ];

    private static readonly FrozenDictionary<string, string[]> Variants = VariantGroups
        .SelectMany(g => g.Select(w => (w, g)))
        .ToFrozenDictionary(x => x.w, x => x.g, StringComparer.Ordinal);

    private readonly List<string> _titles = [];
    private readonly List<string> _words = [];
    private string? _degrees;

    private NameNoise()
    {
    }

    /// <summary>Takes a written name apart.</summary>
    public static NameNoise Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = new NameNoise();
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        var core = comma < 0 ? name : name[..comma];
        if (comma >= 0)
        {
            result._degrees = name[(comma + 1)..].Trim();
        }

        foreach (var word in core.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (result._words.Count == 0 && Titles.Contains(word))
            {
                result._titles.Add(word);
            }
            else
            {
                result._words.Add(word);
            }
        }

        return result;
    }

    /// <summary>The name written back: titles, words, then <c>, degrees</c>.</summary>
    public override string ToString()
    {
        var text = string.Join(' ', _titles.Concat(_words));
        return string.IsNullOrEmpty(_degrees) ? text : string.Concat(text, ", ", _degrees);
    }

    /// <summary>Whether a title or degree is written, or an adult's name could carry one.</summary>
    public bool CanChangeTitle(int age) => _titles.Count > 0 || !string.IsNullOrEmpty(_degrees) || (age >= 22 && _words.Count > 0);

    /// <summary>Drops the titles and degrees written; or, when there are none, adds one fitting the person.</summary>
    public void ChangeTitle(int age, bool female, bool muslim, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_titles.Count > 0 || !string.IsNullOrEmpty(_degrees))
        {
            _titles.Clear();
            _degrees = null;
            return;
        }

        var r = random.NextDouble();
        if (muslim && age >= 35 && r < 0.4)
        {
            _titles.Add(female ? "HJ." : "H.");
        }
        else if (age >= 55 && r < 0.55)
        {
            _titles.Add(female ? "DRA." : "DRS.");
        }
        else
        {
            _degrees = AddedDegrees[random.Next(AddedDegrees.Length)][2..];
        }
    }

    /// <summary>Whether some word has another accepted spelling.</summary>
    public bool CanChangeSpelling() => _words.Any(w => Variants.ContainsKey(w) || OldSpelling.CanRewrite(w));

    /// <summary>Writes one word another accepted way: a listed variant, or the old (or new) spelling.</summary>
    public void ChangeSpelling(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var candidates = Indices(w => Variants.ContainsKey(w) || OldSpelling.CanRewrite(w));
        var i = candidates[random.Next(candidates.Count)];
        var word = _words[i];
        if (Variants.TryGetValue(word, out var group))
        {
            var other = group[random.Next(group.Length - 1)];
            _words[i] = string.Equals(other, word, StringComparison.Ordinal) ? group[^1] : other;
        }
        else
        {
            _words[i] = OldSpelling.Rewrite(word);
        }
    }

    /// <summary>Whether there is a middle name to drop (three words or more).</summary>
    public bool CanDropMiddle() => _words.Count >= 3;

    /// <summary>Leaves out one word that is neither the first nor the last.</summary>
    public void DropMiddle(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _words.RemoveAt(1 + random.Next(_words.Count - 2));
    }

    /// <summary>Whether one word can be shortened to an initial and a full word still remain.</summary>
    public bool CanAbbreviate() => _words.Count >= 2 && Indices(IsFullWord).Count >= 2;

    /// <summary>Shortens one word to its initial with a dot ("MUHAMMAD RIZKY" → "M. RIZKY"), the first word more often.</summary>
    public void Abbreviate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var candidates = Indices(IsFullWord);
        var i = candidates[0] == 0 && random.NextDouble() < 0.5 ? 0 : candidates[random.Next(candidates.Count)];
        _words[i] = string.Concat(_words[i].AsSpan(0, 1), ".");
    }

    /// <summary>Whether some word has three letters or more for a typo.</summary>
    public bool CanTypo() => Indices(IsFullWord).Count > 0;

    /// <summary>One typo in one word: a letter inserted, deleted or substituted, or two different neighbours transposed.</summary>
    public void Typo(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var candidates = Indices(IsFullWord);
        var i = candidates[random.Next(candidates.Count)];
        _words[i] = TypoIn(_words[i], random);
    }

    /// <summary>One typo in a word of three letters or more; never returns the word unchanged.</summary>
    public static string TypoIn(string word, Random random)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(random);
        var chars = new List<char>(word);
        switch (random.Next(4))
        {
            case 0:
                chars.Insert(random.Next(chars.Count + 1), (char)('A' + random.Next(26)));
                break;
            case 1:
                chars.RemoveAt(random.Next(chars.Count));
                break;
            case 2:
                Substitute(chars, random);
                break;
            default:
                var pairs = Enumerable.Range(0, chars.Count - 1).Where(p => chars[p] != chars[p + 1]).ToArray();
                if (pairs.Length == 0)
                {
                    Substitute(chars, random);
                    break;
                }

                var at = pairs[random.Next(pairs.Length)];
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                break;
        }

        return new string([.. chars]);
    }

    private static void Substitute(List<char> chars, Random random)
    {
        var at = random.Next(chars.Count);
        // One of the 25 other letters.
        var replacement = (char)('A' + random.Next(25));
        chars[at] = replacement >= chars[at] ? (char)(replacement + 1) : replacement;
    }

    private static bool IsFullWord(string word) => word.Length >= 3 && word.All(char.IsAsciiLetterUpper);

    private List<int> Indices(Func<string, bool> predicate)
    {
        var result = new List<int>();
        for (var i = 0; i < _words.Count; i++)
        {
            if (predicate(_words[i]))
            {
                result.Add(i);
            }
        }

        return result;
    }

    // Ejaan Lama and back: OE/U, DJ/J, TJ/C, SJ/SY, CH/KH, J/Y, as names of older people are still written.
    private static class OldSpelling
    {
        public static bool CanRewrite(string word) =>
            word.Length >= 3 && word.All(char.IsAsciiLetterUpper)
            && (word.Contains("OE", StringComparison.Ordinal) || word.Contains("DJ", StringComparison.Ordinal) || word.Contains("TJ", StringComparison.Ordinal)
                || word.AsSpan().IndexOfAny('U', 'J', 'C') >= 0 || word.Contains('Y', StringComparison.Ordinal));

        public static string Rewrite(string word)
        {
            // A word already in old spelling goes to the new one; otherwise to the old.
            if (word.Contains("OE", StringComparison.Ordinal) || word.Contains("DJ", StringComparison.Ordinal) || word.Contains("TJ", StringComparison.Ordinal))
            {
                return word.Replace("OE", "U", StringComparison.Ordinal).Replace("DJ", "J", StringComparison.Ordinal).Replace("TJ", "C", StringComparison.Ordinal);
            }

            var text = new System.Text.StringBuilder(word.Length + 4);
            for (var i = 0; i < word.Length; i++)
            {
                var c = word[i];
                var next = i + 1 < word.Length ? word[i + 1] : '\0';
                if ((c is 'S' or 'N') && next == 'Y')
                {
                    text.Append(c).Append('J');
                    i++;
                }
                else if (c == 'K' && next == 'H')
                {
                    text.Append("CH");
                    i++;
                }
                else
                {
                    text.Append(c switch { 'U' => "OE", 'J' => "DJ", 'C' => "TJ", 'Y' => "J", _ => c.ToString() });
                }
            }

            return text.ToString();
        }
    }
}
