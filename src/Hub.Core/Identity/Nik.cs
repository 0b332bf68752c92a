using System.Globalization;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Core.Identity;

/// <summary>
/// Nomor Induk Kependudukan: 16 digits — province (2), regency/city (2), district (2) of the region that
/// issued it, birth date as DDMMYY with 40 added to the day for women, and a sequence from 0001.
/// There is no check digit, so the region codes and the date are the only structure to verify.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> returns the masked form (<c>3201********0003</c>) so that a NIK written into a
/// log or an exception message by accident does not leak; use <see cref="Value"/> where the caller is
/// entitled to the full number. The default value is not a valid NIK.
/// </remarks>
public readonly struct Nik : IEquatable<Nik>, IComparable<Nik>
{
    /// <summary>The number of digits in a NIK.</summary>
    public const int Length = 16;

    private readonly string? _value;

    private Nik(string value) => _value = value;

    /// <summary>The 16 digits. Handle with care: this is personal data.</summary>
    public string Value => _value ?? throw new InvalidOperationException("Uninitialised NIK.");

    /// <summary>The province code (2 digits) of the issuing region.</summary>
    public string ProvinceCode => Value[..2];

    /// <summary>The regency/city code (4 digits, province included) of the issuing region.</summary>
    public string RegencyCode => Value[..4];

    /// <summary>The district code (6 digits, province and regency included) of the issuing region.</summary>
    public string DistrictCode => Value[..6];

    /// <summary>Female when 40 was added to the birth day.</summary>
    public Sex Sex => EncodedDay > 40 ? Sex.Female : Sex.Male;

    /// <summary>The day of birth, with the +40 for women removed.</summary>
    public int BirthDay => EncodedDay > 40 ? EncodedDay - 40 : EncodedDay;

    /// <summary>The month of birth.</summary>
    public int BirthMonth => Digits(8, 2);

    /// <summary>The last two digits of the birth year; the century is not encoded.</summary>
    public int BirthYearOfCentury => Digits(10, 2);

    /// <summary>The sequence number (1–9999) within region, birth date and sex.</summary>
    public int Sequence => Digits(12, 4);

    /// <summary>The NIK with its middle eight digits hidden, for logs and screens.</summary>
    public string Masked => Mask(Value);

    private int EncodedDay => Digits(6, 2);

    /// <summary>
    /// The birth date, with the century inferred: the latest year ending in <see cref="BirthYearOfCentury"/>
    /// that is not after <paramref name="today"/>. Use <see cref="AgreesWith"/> when the record carries its own date.
    /// </summary>
    public DateOnly InferBirthDate(DateOnly today)
    {
        var year = (today.Year / 100 * 100) + BirthYearOfCentury;
        if (year > today.Year)
        {
            year -= 100;
        }

        // 29 February in a year of the other century that is not a leap year: try the century before.
        while (!IsValidDate(year, BirthMonth, BirthDay))
        {
            year -= 100;
        }

        return new DateOnly(year, BirthMonth, BirthDay);
    }

    /// <summary>
    /// Compares the NIK's encoded birth date and sex with a record's own. Either may be unknown (null),
    /// in which case that part is not contradicted.
    /// </summary>
    public NikConsistency AgreesWith(DateOnly? birthDate, Sex? sex)
    {
        var dateAgrees = birthDate is not { } d
            || (d.Day == BirthDay && d.Month == BirthMonth && d.Year % 100 == BirthYearOfCentury);
        var sexAgrees = sex is not { } s || s == Sex;
        return new NikConsistency(dateAgrees, sexAgrees);
    }

    /// <summary>Parses and explains; checks the region codes against <paramref name="regions"/> (default: the embedded Kemendagri lists).</summary>
    public static NikParseResult Parse(string? text, RegionCatalog? regions = null)
    {
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return NikParseResult.Fail(NikError.Missing, "NIK is empty.");
        }

        if (s.Length != Length)
        {
            return NikParseResult.Fail(NikError.WrongLength, $"NIK has {s.Length} characters; it must have {Length} digits.");
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return NikParseResult.Fail(NikError.NonDigit, $"NIK has a non-digit at position {i + 1}.");
            }
        }

        regions ??= RegionCatalog.Default;
        if (regions.Find(s[..2]) is null)
        {
            return NikParseResult.Fail(NikError.UnknownProvince, $"NIK province code {s[..2]} is in no Kemendagri list.");
        }

        if (regions.Find(s[..4]) is null)
        {
            return NikParseResult.Fail(NikError.UnknownRegency, $"NIK regency code {s[..2]}.{s[2..4]} is in no Kemendagri list.");
        }

        if (regions.Find(s[..6]) is null)
        {
            return NikParseResult.Fail(NikError.UnknownDistrict, $"NIK district code {s[..2]}.{s[2..4]}.{s[4..6]} is in no Kemendagri list.");
        }

        var nik = new Nik(s);
        var day = nik.BirthDay;
        var encodedDay = nik.EncodedDay;
        // A day of 0, 32–40 or above 71 cannot be produced by the encoding; the month and day must form
        // a date in at least one century (29-02-00 is valid: 2000 was a leap year).
        if (encodedDay is 0 or (> 31 and < 41) or > 71
            || !(IsValidDate(1900 + nik.BirthYearOfCentury, nik.BirthMonth, day) || IsValidDate(2000 + nik.BirthYearOfCentury, nik.BirthMonth, day)))
        {
            return NikParseResult.Fail(NikError.ImpossibleDate, "NIK birth-date digits (DDMMYY, day + 40 for women) are no possible date.");
        }

        if (nik.Sequence == 0)
        {
            return NikParseResult.Fail(NikError.ZeroSequence, "NIK sequence is 0000; sequences start at 0001.");
        }

        return NikParseResult.Ok(nik);
    }

    /// <summary>Parses without explaining why not.</summary>
    public static bool TryParse(string? text, out Nik nik)
    {
        var result = Parse(text);
        nik = result.Success ? result.Value : default;
        return result.Success;
    }

    /// <summary>Masks any string that may be a NIK: keeps the first and last four characters.</summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return text.Length <= 8 ? new string('*', text.Length) : string.Concat(text.AsSpan(0, 4), new string('*', text.Length - 8), text.AsSpan(text.Length - 4));
    }

    /// <inheritdoc/>
    public bool Equals(Nik other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Nik other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc/>
    public int CompareTo(Nik other) => string.CompareOrdinal(_value, other._value);

    /// <summary>The masked form; see the remarks on <see cref="Nik"/>.</summary>
    public override string ToString() => _value is null ? string.Empty : Masked;

    public static bool operator ==(Nik left, Nik right) => left.Equals(right);

    public static bool operator !=(Nik left, Nik right) => !left.Equals(right);

    public static bool operator <(Nik left, Nik right) => left.CompareTo(right) < 0;

    public static bool operator >(Nik left, Nik right) => left.CompareTo(right) > 0;

    public static bool operator <=(Nik left, Nik right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Nik left, Nik right) => left.CompareTo(right) >= 0;

    private int Digits(int start, int count) => int.Parse(Value.AsSpan(start, count), NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool IsValidDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
}
