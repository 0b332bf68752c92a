namespace IntegrationHub.Core.Identity;

/// <summary>Why a string is not a valid NIK. The names are stable: they appear in quarantine reasons.</summary>
public enum NikError
{
    /// <summary>Nothing was given.</summary>
    Missing = 1,
    /// <summary>Not 16 characters long.</summary>
    WrongLength,
    /// <summary>Contains a character other than 0–9.</summary>
    NonDigit,
    /// <summary>The first two digits are no province in any Kemendagri list.</summary>
    UnknownProvince,
    /// <summary>The first four digits are no regency or city in any Kemendagri list.</summary>
    UnknownRegency,
    /// <summary>The first six digits are no district in any Kemendagri list.</summary>
    UnknownDistrict,
    /// <summary>Digits 7–12 are no possible date (DDMMYY, day + 40 for women).</summary>
    ImpossibleDate,
    /// <summary>The 4-digit sequence is 0000; sequences start at 0001.</summary>
    ZeroSequence,
}
