namespace IntegrationHub.Core.Matching.Comparators;

/// <summary>
/// A Soundex-like phonetic code for blocking keys: the first letter, then digit classes of the following
/// consonants (B F P V → 1; C G J K Q S X Z → 2; D T → 3; L → 4; M N → 5; R → 6), adjacent repeats collapsed,
/// vowels, H, W and Y dropped, padded or cut to four characters. Digits and other characters are ignored.
/// </summary>
public static class Phonetic
{
    /// <summary>The code of one word; empty when the word has no letter.</summary>
    public static string Code(ReadOnlySpan<char> word)
    {
        Span<char> code = stackalloc char[4];
        var length = 0;
        var last = '\0';
        foreach (var raw in word)
        {
            var c = char.ToUpperInvariant(raw);
            if (c is < 'A' or > 'Z')
            {
                continue;
            }

            var digit = Class(c);
            if (length == 0)
            {
                code[length++] = c;
                last = digit;
                continue;
            }

            if (digit != '0' && digit != last)
            {
                code[length++] = digit;
                if (length == 4)
                {
                    break;
                }
            }

            // H and W do not separate equal codes; vowels do.
            if (c is not ('H' or 'W'))
            {
                last = digit;
            }
        }

        if (length == 0)
        {
            return string.Empty;
        }

        while (length < 4)
        {
            code[length++] = '0';
        }

        return new string(code);
    }

    private static char Class(char c) => c switch
    {
        'B' or 'F' or 'P' or 'V' => '1',
        'C' or 'G' or 'J' or 'K' or 'Q' or 'S' or 'X' or 'Z' => '2',
        'D' or 'T' => '3',
        'L' => '4',
        'M' or 'N' => '5',
        'R' => '6',
        _ => '0',
    };
}
