namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// The deliberate differences between a synthetic agency record and the person it renders. A record can carry
/// several. Each has a stable name (<see cref="RecordNoiseNames"/>) used in the manifest and the noise file.
/// </summary>
[Flags]
public enum RecordNoise
{
    /// <summary>The record renders the person exactly.</summary>
    None = 0,

    /// <summary>A title or degree added to the name ("H. ", ", S.PD") or the ones written there dropped.</summary>
    NameTitle = 1 << 0,

    /// <summary>One word spelled another accepted way: Muhammad/Muhamad/Mohammad, old spelling (Soekarno/Sukarno).</summary>
    NameSpelling = 1 << 1,

    /// <summary>A middle name left out.</summary>
    NameDroppedMiddle = 1 << 2,

    /// <summary>One word shortened to its initial ("M. RIZKY").</summary>
    NameAbbreviated = 1 << 3,

    /// <summary>One letter inserted, deleted, substituted or two neighbours transposed.</summary>
    NameTypo = 1 << 4,

    /// <summary>Birth date with day and month swapped.</summary>
    BirthDayMonthSwap = 1 << 5,

    /// <summary>Birth date with one digit wrong (still a valid date, not in the future).</summary>
    BirthDateDigitTypo = 1 << 6,

    /// <summary>No NIK.</summary>
    NikMissing = 1 << 7,

    /// <summary>The NIK with one digit wrong.</summary>
    NikMistyped = 1 << 8,

    /// <summary>The NIK with two neighbouring digits swapped.</summary>
    NikTransposed = 1 << 9,

    /// <summary>NIK ganda: the NIK of someone else in the person's family (same KK).</summary>
    NikGandaFamily = 1 << 10,

    /// <summary>NIK ganda: the NIK of an unrelated resident.</summary>
    NikGandaStranger = 1 << 11,

    /// <summary>The person moved and only this agency's record has the newer address.</summary>
    NewerAddress = 1 << 12,

    /// <summary>The person died and Dukcapil knows, but this record still says alive (BPJS status lagging).</summary>
    DeathNotReported = 1 << 13,

    /// <summary>A second record of the same person in the same agency: another BPJS card, or a second Dukcapil registration with another NIK.</summary>
    Duplicate = 1 << 14,
}

/// <summary>The stable names of <see cref="RecordNoise"/> flags.</summary>
public static class RecordNoiseNames
{
    /// <summary>Every single flag, in a fixed order.</summary>
    public static IReadOnlyList<RecordNoise> All { get; } =
        [.. Enum.GetValues<RecordNoise>().Where(k => k != RecordNoise.None)];

    /// <summary>The stable name of one flag, e.g. <c>name.typo</c>.</summary>
    public static string Of(RecordNoise kind) => kind switch
    {
        RecordNoise.NameTitle => "name.title",
        RecordNoise.NameSpelling => "name.spelling",
        RecordNoise.NameDroppedMiddle => "name.dropped-middle",
        RecordNoise.NameAbbreviated => "name.abbreviated",
        RecordNoise.NameTypo => "name.typo",
        RecordNoise.BirthDayMonthSwap => "birth-date.day-month-swap",
        RecordNoise.BirthDateDigitTypo => "birth-date.digit-typo",
        RecordNoise.NikMissing => "nik.missing",
        RecordNoise.NikMistyped => "nik.mistyped",
        RecordNoise.NikTransposed => "nik.transposed",
        RecordNoise.NikGandaFamily => "nik.ganda-family",
        RecordNoise.NikGandaStranger => "nik.ganda-stranger",
        RecordNoise.NewerAddress => "address.newer",
        RecordNoise.DeathNotReported => "death.not-reported",
        RecordNoise.Duplicate => "duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a single noise kind."),
    };

    /// <summary>The names of every flag set, joined by <c>|</c>; empty for none.</summary>
    public static string Join(RecordNoise noise) =>
        string.Join('|', All.Where(k => (noise & k) != 0).Select(Of));
}
