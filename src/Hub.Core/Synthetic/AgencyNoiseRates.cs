namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Name and birth-date noise of one agency's records. Each rate is the probability that a record to which the
/// change can apply gets it (a day/month swap needs a day of 1–12 that differs from the month, dropping a middle
/// name needs three words, and so on); the kinds are drawn independently, so one record may carry several.
/// </summary>
public sealed class AgencyNoiseRates
{
    /// <summary>A title or degree added, or the written ones dropped (<see cref="RecordNoise.NameTitle"/>).</summary>
    public double NameTitle { get; set; }

    /// <summary>Another spelling of one word (<see cref="RecordNoise.NameSpelling"/>).</summary>
    public double NameSpelling { get; set; }

    /// <summary>A middle name dropped (<see cref="RecordNoise.NameDroppedMiddle"/>).</summary>
    public double NameDroppedMiddle { get; set; }

    /// <summary>A word abbreviated to its initial (<see cref="RecordNoise.NameAbbreviated"/>).</summary>
    public double NameAbbreviated { get; set; }

    /// <summary>A one-letter typo (<see cref="RecordNoise.NameTypo"/>).</summary>
    public double NameTypo { get; set; }

    /// <summary>Day and month of the birth date swapped (<see cref="RecordNoise.BirthDayMonthSwap"/>).</summary>
    public double BirthDayMonthSwap { get; set; }

    /// <summary>One digit of the birth date wrong (<see cref="RecordNoise.BirthDateDigitTypo"/>).</summary>
    public double BirthDateDigitTypo { get; set; }

    /// <summary>The rate of one name or date noise kind.</summary>
    public double RateOf(RecordNoise kind) => kind switch
    {
        RecordNoise.NameTitle => NameTitle,
        RecordNoise.NameSpelling => NameSpelling,
        RecordNoise.NameDroppedMiddle => NameDroppedMiddle,
        RecordNoise.NameAbbreviated => NameAbbreviated,
        RecordNoise.NameTypo => NameTypo,
        RecordNoise.BirthDayMonthSwap => BirthDayMonthSwap,
        RecordNoise.BirthDateDigitTypo => BirthDateDigitTypo,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a name or date noise kind."),
    };

    internal void Set(RecordNoise kind, double value)
    {
        switch (kind)
        {
            case RecordNoise.NameTitle: NameTitle = value; break;
            case RecordNoise.NameSpelling: NameSpelling = value; break;
            case RecordNoise.NameDroppedMiddle: NameDroppedMiddle = value; break;
            case RecordNoise.NameAbbreviated: NameAbbreviated = value; break;
            case RecordNoise.NameTypo: NameTypo = value; break;
            case RecordNoise.BirthDayMonthSwap: BirthDayMonthSwap = value; break;
            case RecordNoise.BirthDateDigitTypo: BirthDateDigitTypo = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a name or date noise kind.");
        }
    }

    /// <summary>The name and date kinds, in the order they are applied.</summary>
    public static IReadOnlyList<RecordNoise> Kinds { get; } =
    [
        RecordNoise.NameTitle, RecordNoise.NameSpelling, RecordNoise.NameDroppedMiddle, RecordNoise.NameAbbreviated,
        RecordNoise.NameTypo, RecordNoise.BirthDayMonthSwap, RecordNoise.BirthDateDigitTypo,
    ];
}
