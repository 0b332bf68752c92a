using System.Globalization;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Who is in which agency and how each agency's records differ from the truth, for
/// <see cref="AgencyPopulationGenerator"/>. Every value is a probability (0–1); the defaults are what real
/// Indonesian agency data looks like in the large, not measured figures. Each can be set by its key
/// (<see cref="Keys"/>, e.g. <c>bpjs.nik-missing</c>) from the command line.
/// </summary>
public sealed class PopulationNoiseOptions
{
    /// <summary>Share of residents enrolled in BPJS Kesehatan. Default: 0.9.</summary>
    public double BpjsEnrolment { get; set; } = 0.9;

    /// <summary>Share of earning adults (21 or older, alive, not a pupil, jobless or keeping house) registered with DJP. Default: 0.7.</summary>
    public double DjpRegistration { get; set; } = 0.7;

    /// <summary>Share of people held by two or more agencies who moved, with the newer address in one agency only. Default: 0.05.</summary>
    public double Moved { get; set; } = 0.05;

    /// <summary>Share of residents registered twice by Dukcapil, with two NIKs (and two family cards). Default: 0.001.</summary>
    public double DukcapilDoubleRegistration { get; set; } = 0.001;

    /// <summary>Share of enrolled people with a second BPJS card. Default: 0.01.</summary>
    public double BpjsDuplicate { get; set; } = 0.01;

    /// <summary>Share of BPJS records without a NIK. Default: 0.08 (older records often have none).</summary>
    public double BpjsNikMissing { get; set; } = 0.08;

    /// <summary>Share of BPJS records whose NIK has one wrong digit. Default: 0.02.</summary>
    public double BpjsNikMistyped { get; set; } = 0.02;

    /// <summary>Share of BPJS records whose NIK has two neighbouring digits swapped. Default: 0.01.</summary>
    public double BpjsNikTransposed { get; set; } = 0.01;

    /// <summary>Share of BPJS records carrying another person's NIK (NIK ganda). Default: 0.003.</summary>
    public double BpjsNikGanda { get; set; } = 0.003;

    /// <summary>Share of deceased enrolled people whose BPJS status still says AKTIF. Default: 0.3.</summary>
    public double BpjsDeathNotReported { get; set; } = 0.3;

    /// <summary>Share of DJP records without a NIK (their NPWP is a legacy 15-digit number). Default: 0.06.</summary>
    public double DjpNikMissing { get; set; } = 0.06;

    /// <summary>Share of DJP records carrying another person's NIK (NIK ganda; legacy NPWP). Default: 0.002.</summary>
    public double DjpNikGanda { get; set; } = 0.002;

    /// <summary>Share of the other DJP records that keep a legacy 15-digit NPWP instead of the NIK. Default: 0.35.</summary>
    public double DjpLegacyNpwp { get; set; } = 0.35;

    /// <summary>Share of NIK ganda records that borrow a family member's NIK when one is known (the rest: a stranger's). Default: 0.5.</summary>
    public double NikGandaFamilyShare { get; set; } = 0.5;

    /// <summary>
    /// Name and date noise in Dukcapil: rare, since it is the registry the others copy from. Date noise is off by
    /// default: a Dukcapil birth date that disagrees with its NIK is quarantined by ingest (<c>nik.ContradictsRecord</c>).
    /// </summary>
    public AgencyNoiseRates Dukcapil { get; } = new()
    {
        NameTitle = 0.01, NameSpelling = 0.002, NameDroppedMiddle = 0, NameAbbreviated = 0.002, NameTypo = 0.003,
        BirthDayMonthSwap = 0, BirthDateDigitTypo = 0,
    };

    /// <summary>Name and date noise in BPJS.</summary>
    public AgencyNoiseRates Bpjs { get; } = new()
    {
        NameTitle = 0.08, NameSpelling = 0.04, NameDroppedMiddle = 0.03, NameAbbreviated = 0.04, NameTypo = 0.03,
        BirthDayMonthSwap = 0.01, BirthDateDigitTypo = 0.01,
    };

    /// <summary>Name and date noise in DJP.</summary>
    public AgencyNoiseRates Djp { get; } = new()
    {
        NameTitle = 0.08, NameSpelling = 0.03, NameDroppedMiddle = 0.02, NameAbbreviated = 0.03, NameTypo = 0.02,
        BirthDayMonthSwap = 0.005, BirthDateDigitTypo = 0.005,
    };

    /// <summary>The rates of one agency (<c>dukcapil</c>, <c>bpjs</c> or <c>djp</c>).</summary>
    public AgencyNoiseRates For(SyntheticAgency agency) => agency switch
    {
        SyntheticAgency.Dukcapil => Dukcapil,
        SyntheticAgency.Bpjs => Bpjs,
        _ => Djp,
    };

    /// <summary>Every settable key, e.g. <c>bpjs.enrolment</c>, <c>djp.name.typo</c>.</summary>
    public static IReadOnlyList<string> Keys => [.. Accessors(new PopulationNoiseOptions()).Select(a => a.Key)];

    /// <summary>Every key with its current value, in <see cref="Keys"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values() =>
        [.. Accessors(this).Select(a => new KeyValuePair<string, double>(a.Key, a.Get()))];

    /// <summary>Sets the rate named <paramref name="key"/>; false (and nothing set) when the key is unknown.</summary>
    public bool TrySet(string key, double value)
    {
        foreach (var accessor in Accessors(this))
        {
            if (string.Equals(accessor.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                accessor.Set(value);
                return true;
            }
        }

        return false;
    }

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var accessor in Accessors(this))
        {
            if (!(accessor.Get() is >= 0 and <= 1))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{accessor.Key} must be between 0 and 1 (is {accessor.Get()})."));
            }
        }

        if (BpjsNikMissing + BpjsNikMistyped + BpjsNikTransposed + BpjsNikGanda > 1)
        {
            errors.Add("bpjs.nik-missing, bpjs.nik-mistyped, bpjs.nik-transposed and bpjs.nik-ganda exclude each other: together at most 1.");
        }

        if (DjpNikMissing + DjpNikGanda > 1)
        {
            errors.Add("djp.nik-missing and djp.nik-ganda exclude each other: together at most 1.");
        }

        return errors;
    }

    private static IEnumerable<(string Key, Func<double> Get, Action<double> Set)> Accessors(PopulationNoiseOptions o)
    {
        yield return ("bpjs.enrolment", () => o.BpjsEnrolment, v => o.BpjsEnrolment = v);
        yield return ("djp.registration", () => o.DjpRegistration, v => o.DjpRegistration = v);
        yield return ("moved", () => o.Moved, v => o.Moved = v);
        yield return ("nik-ganda.family-share", () => o.NikGandaFamilyShare, v => o.NikGandaFamilyShare = v);
        yield return ("dukcapil.double-registration", () => o.DukcapilDoubleRegistration, v => o.DukcapilDoubleRegistration = v);
        yield return ("bpjs.duplicate", () => o.BpjsDuplicate, v => o.BpjsDuplicate = v);
        yield return ("bpjs.nik-missing", () => o.BpjsNikMissing, v => o.BpjsNikMissing = v);
        yield return ("bpjs.nik-mistyped", () => o.BpjsNikMistyped, v => o.BpjsNikMistyped = v);
        yield return ("bpjs.nik-transposed", () => o.BpjsNikTransposed, v => o.BpjsNikTransposed = v);
        yield return ("bpjs.nik-ganda", () => o.BpjsNikGanda, v => o.BpjsNikGanda = v);
        yield return ("bpjs.death-not-reported", () => o.BpjsDeathNotReported, v => o.BpjsDeathNotReported = v);
        yield return ("djp.nik-missing", () => o.DjpNikMissing, v => o.DjpNikMissing = v);
        yield return ("djp.nik-ganda", () => o.DjpNikGanda, v => o.DjpNikGanda = v);
        yield return ("djp.legacy-npwp", () => o.DjpLegacyNpwp, v => o.DjpLegacyNpwp = v);
        foreach (var agency in Enum.GetValues<SyntheticAgency>())
        {
            var rates = o.For(agency);
            foreach (var kind in AgencyNoiseRates.Kinds)
            {
                yield return (SyntheticAgencies.Name(agency) + "." + RecordNoiseNames.Of(kind), () => rates.RateOf(kind), v => rates.Set(kind, v));
            }
        }
    }
}
