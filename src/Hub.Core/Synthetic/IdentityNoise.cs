#pragma warning disable CA5394 // synthetic test data, not security

namespace IntegrationHub.Core.Synthetic;

/// <summary>The mistakes clerks make in dates and identity numbers, for synthetic agency records.</summary>
public static class IdentityNoise
{
    /// <summary>The date with day and month swapped, or null when that is not a different date on or before <paramref name="today"/>.</summary>
    public static DateOnly? SwapDayMonth(DateOnly date, DateOnly today)
    {
        if (date.Day > 12 || date.Day == date.Month)
        {
            return null;
        }

        var swapped = new DateOnly(date.Year, date.Day, date.Month);
        return swapped <= today ? swapped : null;
    }

    /// <summary>
    /// The date with one digit of its yyyyMMdd form changed, still a valid date between 1900 and <paramref name="today"/>
    /// and not merely day and month swapped; null when a few tries find none.
    /// </summary>
    public static DateOnly? DigitTypo(DateOnly date, DateOnly today, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<int> digits = [date.Year / 1000, date.Year / 100 % 10, date.Year / 10 % 10, date.Year % 10, date.Month / 10, date.Month % 10, date.Day / 10, date.Day % 10];
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var position = random.Next(digits.Length);
            var old = digits[position];
            var digit = random.Next(9);
            digits[position] = digit >= old ? digit + 1 : digit;
            var year = (digits[0] * 1000) + (digits[1] * 100) + (digits[2] * 10) + digits[3];
            var month = (digits[4] * 10) + digits[5];
            var day = (digits[6] * 10) + digits[7];
            digits[position] = old;
            if (year >= 1900 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                var typo = new DateOnly(year, month, day);
                if (typo <= today && typo != SwapDayMonth(date, DateOnly.MaxValue))
                {
                    return typo;
                }
            }
        }

        return null;
    }

    /// <summary>The number with one digit replaced by another.</summary>
    public static string MistypeDigit(string number, Random random)
    {
        ArgumentNullException.ThrowIfNull(number);
        ArgumentNullException.ThrowIfNull(random);
        var chars = number.ToCharArray();
        var position = random.Next(chars.Length);
        var digit = random.Next(9);
        var old = chars[position] - '0';
        chars[position] = (char)('0' + (digit >= old ? digit + 1 : digit));
        return new string(chars);
    }

    /// <summary>The number with two different neighbouring digits swapped; null when every digit is the same.</summary>
    public static string? TransposeDigits(string number, Random random)
    {
        ArgumentNullException.ThrowIfNull(number);
        ArgumentNullException.ThrowIfNull(random);
        var pairs = Enumerable.Range(0, Math.Max(0, number.Length - 1)).Where(i => number[i] != number[i + 1]).ToArray();
        if (pairs.Length == 0)
        {
            return null;
        }

        var at = pairs[random.Next(pairs.Length)];
        var chars = number.ToCharArray();
        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        return new string(chars);
    }
}
