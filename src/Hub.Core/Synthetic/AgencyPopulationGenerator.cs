#pragma warning disable CA5394 // synthetic test data, not security

using System.Globalization;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// A synthetic population as the three agencies hold it, with known truth: every resident from
/// <see cref="PopulationGenerator"/> gets a stable person id, a Dukcapil row (two for a double registration),
/// BPJS participants (most residents; some with two cards) and a DJP taxpayer row (most earning adults), each
/// rendered with the noise of <see cref="PopulationNoiseOptions"/> and labelled with it.
/// </summary>
/// <remarks>
/// Deterministic: the same seed, today and options give the same records. The residents themselves do not depend
/// on the options (the noise draws from a random stream of its own). Memory stays bounded whatever the count:
/// only the generator's NIK counters and a window of recent residents (for NIK ganda donors) are kept.
/// Not thread-safe.
/// </remarks>
public sealed class AgencyPopulationGenerator
{
    // Households are filled from the most recent few hundred; a window this size holds most family members.
    private const int RecentWindow = 4096;

    private static readonly (string Code, string Text)[] Segments =
    [
        ("14", "PBI (APBN)"), ("15", "PBI (APBD)"), ("1", "PEKERJA PENERIMA UPAH (PPU)"), ("21", "PEKERJA BUKAN PENERIMA UPAH (PBPU)"), ("3", "BUKAN PEKERJA (BP)"),
    ];

    private readonly PopulationGenerator _people;
    private readonly PopulationNoiseOptions _options;
    private readonly Random _random;
    private readonly DateOnly _today;
    private readonly (string Nik, string Kk)[] _recent = new (string, string)[RecentWindow];
    private int _recentCount;
    private int _recentNext;
    private long _card;
    private long _taxpayer;
    private int _index;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; the whole output is a function of it, <paramref name="today"/> and <paramref name="options"/>.</param>
    /// <param name="today">The reference date (see <see cref="PopulationGenerator"/>).</param>
    /// <param name="options">Enrolment and noise rates; default: <see cref="PopulationNoiseOptions"/>'s defaults.</param>
    /// <param name="regions">The region catalog (default: the embedded one).</param>
    /// <param name="population">Population per regency (default: the embedded 2025 table).</param>
    /// <exception cref="ArgumentException">The options are not valid (<see cref="PopulationNoiseOptions.Validate"/>).</exception>
    public AgencyPopulationGenerator(int seed, DateOnly today, PopulationNoiseOptions? options = null, RegionCatalog? regions = null, PopulationTable? population = null)
    {
        _options = options ?? new PopulationNoiseOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _people = new PopulationGenerator(seed, today, regions, population);
        _today = today;
        _random = new Random(unchecked((seed * 397) ^ 0x6E015E));
        _card = 1_000_000_000L + _random.Next(0, 1_000_000);
        _taxpayer = 100_000_000L + _random.Next(0, 100_000_000);
    }

    /// <summary>What has been generated so far.</summary>
    public NoiseTally Tally { get; } = new();

    /// <summary>The next <paramref name="count"/> people with their records, generated lazily.</summary>
    public IEnumerable<PersonRecords> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return GenerateIterator(count);
    }

    private IEnumerable<PersonRecords> GenerateIterator(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    /// <summary>The next person and their records.</summary>
    public PersonRecords Next()
    {
        _index++;
        var id = string.Create(CultureInfo.InvariantCulture, $"P{_index:D8}");
        var person = _people.Next();
        Tally.People++;
        if (person.Deceased)
        {
            Tally.Deceased++;
        }

        var age = AgeAt(person.BirthDate, person.DateOfDeath ?? _today);
        var muslim = string.Equals(person.Religion, Religions.Islam, StringComparison.Ordinal);
        var inBpjs = _random.NextDouble() < _options.BpjsEnrolment;
        var earns = age >= 21 && !person.Deceased && person.Occupation is not (LifeTables.Student or LifeTables.NotWorking or LifeTables.Housekeeping);
        var inDjp = earns && _random.NextDouble() < _options.DjpRegistration;

        // A move shows only where agencies disagree: one of them has the newer address.
        SyntheticPerson? moved = null;
        SyntheticAgency? newerIn = null;
        var held = 1 + (inBpjs ? 1 : 0) + (inDjp ? 1 : 0);
        if (held >= 2)
        {
            Tally.MoveEligible++;
            if (_random.NextDouble() < _options.Moved)
            {
                moved = _people.Relocate(person, _random);
                Tally.Moved++;
                var pick = _random.Next(held);
                newerIn = pick == 0 ? SyntheticAgency.Dukcapil : pick == 1 && inBpjs ? SyntheticAgency.Bpjs : SyntheticAgency.Djp;
            }
        }

        var dukcapil = new List<DukcapilRecord>(1) { Dukcapil(id, person, newerIn == SyntheticAgency.Dukcapil ? moved! : person, age, muslim, held >= 2, RecordNoise.None) };
        Tally.CountEligible(SyntheticAgency.Dukcapil, RecordNoise.Duplicate);
        if (_random.NextDouble() < _options.DukcapilDoubleRegistration)
        {
            dukcapil.Add(Dukcapil(id, person, _people.RegisterAgain(person, _random), age, muslim, moveEligible: false, RecordNoise.Duplicate));
        }

        var bpjs = new List<BpjsRecord>(inBpjs ? 1 : 0);
        if (inBpjs)
        {
            Tally.InBpjs++;
            Tally.CountEligible(SyntheticAgency.Bpjs, RecordNoise.Duplicate);
            var address = newerIn == SyntheticAgency.Bpjs ? moved! : person;
            bpjs.Add(Bpjs(id, person, address, age, muslim, held >= 2, RecordNoise.None));
            if (_random.NextDouble() < _options.BpjsDuplicate)
            {
                bpjs.Add(Bpjs(id, person, address, age, muslim, held >= 2, RecordNoise.Duplicate));
            }
        }

        var djp = new List<DjpRecord>(inDjp ? 1 : 0);
        if (inDjp)
        {
            Tally.InDjp++;
            djp.Add(Djp(id, person, newerIn == SyntheticAgency.Djp ? moved! : person, age, muslim));
        }

        _recent[_recentNext] = (person.Nik, person.Kk);
        _recentNext = (_recentNext + 1) % RecentWindow;
        _recentCount = Math.Min(_recentCount + 1, RecentWindow);
        return new PersonRecords(id, person, dukcapil, bpjs, djp);
    }

    private DukcapilRecord Dukcapil(string id, SyntheticPerson truth, SyntheticPerson holds, int age, bool muslim, bool moveEligible, RecordNoise noise)
    {
        var (name, birth, nameNoise) = NameAndDate(SyntheticAgency.Dukcapil, holds.FullName, holds.BirthDate, age, truth.Sex, muslim);
        noise |= nameNoise | Newer(SyntheticAgency.Dukcapil, moveEligible, !ReferenceEquals(holds, truth) && noise == RecordNoise.None);
        var record = new DukcapilRecord(id, holds with { FullName = name, BirthDate = birth }, noise);
        Tally.CountRecord(SyntheticAgency.Dukcapil, noise);
        return record;
    }

    private BpjsRecord Bpjs(string id, SyntheticPerson truth, SyntheticPerson holds, int age, bool muslim, bool moveEligible, RecordNoise noise)
    {
        _card += 1 + _random.Next(0, 50);
        var (nik, nikNoise) = BpjsNik(truth);
        var (name, birth, nameNoise) = NameAndDate(SyntheticAgency.Bpjs, truth.FullName, truth.BirthDate, age, truth.Sex, muslim);
        noise |= nikNoise | nameNoise | Newer(SyntheticAgency.Bpjs, moveEligible, !ReferenceEquals(holds, truth));
        var reportedDeceased = false;
        if (truth.Deceased)
        {
            Tally.CountEligible(SyntheticAgency.Bpjs, RecordNoise.DeathNotReported);
            reportedDeceased = _random.NextDouble() >= _options.BpjsDeathNotReported;
            noise |= reportedDeceased ? RecordNoise.None : RecordNoise.DeathNotReported;
        }

        var segment = Segments[_random.Next(Segments.Length)];
        var phone = _random.NextDouble() < 0.2 ? null : "08" + _random.NextInt64(100_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
        var updated = _today.ToDateTime(TimeOnly.MinValue).AddDays(-_random.Next(1, 730)).AddSeconds(_random.Next(0, 86_400));
        var record = new BpjsRecord(
            id, _card.ToString("0000000000000", CultureInfo.InvariantCulture), nik, name, truth.Sex, birth, segment.Code, segment.Text,
            reportedDeceased, holds.VillageCode, holds.Street, phone, updated, noise);
        Tally.CountRecord(SyntheticAgency.Bpjs, noise);
        return record;
    }

    private DjpRecord Djp(string id, SyntheticPerson truth, SyntheticPerson holds, int age, bool muslim)
    {
        // Since 2024 a resident's NPWP is the NIK; older registrations keep a 15-digit number. A row without the
        // holder's own NIK can only be one of those.
        string? nik = truth.Nik;
        var noise = RecordNoise.None;
        bool legacy;
        Tally.CountEligible(SyntheticAgency.Djp, RecordNoise.NikMissing);
        Tally.CountEligible(SyntheticAgency.Djp, RecordNoise.NikGandaFamily);
        Tally.CountEligible(SyntheticAgency.Djp, RecordNoise.NikGandaStranger);
        var r = _random.NextDouble();
        if (r < _options.DjpNikMissing)
        {
            (nik, noise, legacy) = (null, RecordNoise.NikMissing, true);
        }
        else if (r - _options.DjpNikMissing < _options.DjpNikGanda && Borrow(truth) is { } borrowed)
        {
            (nik, noise, legacy) = (borrowed.Nik, borrowed.Kind, true);
        }
        else
        {
            legacy = _random.NextDouble() < _options.DjpLegacyNpwp;
        }

        var office = _random.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        string npwp;
        if (legacy)
        {
            // Nine digits of taxpayer number, the tax office, and 000 for the taxpayer themself (not a branch).
            _taxpayer += 1 + _random.Next(0, 20);
            npwp = string.Create(CultureInfo.InvariantCulture, $"{_taxpayer:D9}{office}000");
        }
        else
        {
            npwp = truth.Nik;
        }

        var (name, birth, nameNoise) = NameAndDate(SyntheticAgency.Djp, truth.FullName, truth.BirthDate, age, truth.Sex, muslim);
        noise |= nameNoise | Newer(SyntheticAgency.Djp, moveEligible: true, !ReferenceEquals(holds, truth));
        var active = _random.NextDouble() < 0.9;
        var updated = _today.ToDateTime(TimeOnly.MinValue).AddDays(-_random.Next(1, 1000)).AddSeconds(_random.Next(0, 86_400) / 60 * 60);
        var record = new DjpRecord(id, npwp, nik, name, birth, holds.Street, holds.Rt, holds.Rw, holds.VillageCode, holds.PostalCode, active, office, updated, noise);
        Tally.CountRecord(SyntheticAgency.Djp, noise);
        return record;
    }

    private RecordNoise Newer(SyntheticAgency agency, bool moveEligible, bool newer)
    {
        if (moveEligible)
        {
            Tally.CountEligible(agency, RecordNoise.NewerAddress);
        }

        return newer ? RecordNoise.NewerAddress : RecordNoise.None;
    }

    private (string? Nik, RecordNoise Noise) BpjsNik(SyntheticPerson truth)
    {
        foreach (var kind in (ReadOnlySpan<RecordNoise>)[RecordNoise.NikMissing, RecordNoise.NikMistyped, RecordNoise.NikTransposed, RecordNoise.NikGandaFamily, RecordNoise.NikGandaStranger])
        {
            Tally.CountEligible(SyntheticAgency.Bpjs, kind);
        }

        var o = _options;
        var r = _random.NextDouble();
        if (r < o.BpjsNikMissing)
        {
            return (null, RecordNoise.NikMissing);
        }

        r -= o.BpjsNikMissing;
        if (r < o.BpjsNikMistyped)
        {
            return (IdentityNoise.MistypeDigit(truth.Nik, _random), RecordNoise.NikMistyped);
        }

        r -= o.BpjsNikMistyped;
        if (r < o.BpjsNikTransposed)
        {
            return IdentityNoise.TransposeDigits(truth.Nik, _random) is { } transposed ? (transposed, RecordNoise.NikTransposed) : (truth.Nik, RecordNoise.None);
        }

        r -= o.BpjsNikTransposed;
        if (r < o.BpjsNikGanda && Borrow(truth) is { } borrowed)
        {
            return (borrowed.Nik, borrowed.Kind);
        }

        return (truth.Nik, RecordNoise.None);
    }

    // NIK ganda: the NIK of a family member (same KK) when one was generated recently and the draw says so, else
    // of an unrelated recent resident. Null when nobody fits (only at the very start).
    private (string Nik, RecordNoise Kind)? Borrow(SyntheticPerson truth)
    {
        if (_random.NextDouble() < _options.NikGandaFamilyShare)
        {
            for (var k = 1; k <= _recentCount; k++)
            {
                var (nik, kk) = _recent[(_recentNext - k + RecentWindow) % RecentWindow];
                if (string.Equals(kk, truth.Kk, StringComparison.Ordinal) && !string.Equals(nik, truth.Nik, StringComparison.Ordinal))
                {
                    return (nik, RecordNoise.NikGandaFamily);
                }
            }
        }

        for (var attempt = 0; attempt < 8 && _recentCount > 0; attempt++)
        {
            var (nik, kk) = _recent[_random.Next(_recentCount)];
            if (!string.Equals(kk, truth.Kk, StringComparison.Ordinal) && !string.Equals(nik, truth.Nik, StringComparison.Ordinal))
            {
                return (nik, RecordNoise.NikGandaStranger);
            }
        }

        return null;
    }

    private (string Name, DateOnly BirthDate, RecordNoise Noise) NameAndDate(SyntheticAgency agency, string name, DateOnly birth, int age, Sex sex, bool muslim)
    {
        var rates = _options.For(agency);
        var noise = RecordNoise.None;
        var parts = NameNoise.Parse(name);
        if (Draw(agency, RecordNoise.NameTitle, parts.CanChangeTitle(age), rates.NameTitle))
        {
            parts.ChangeTitle(age, sex == Sex.Female, muslim, _random);
            noise |= RecordNoise.NameTitle;
        }

        if (Draw(agency, RecordNoise.NameSpelling, parts.CanChangeSpelling(), rates.NameSpelling))
        {
            parts.ChangeSpelling(_random);
            noise |= RecordNoise.NameSpelling;
        }

        if (Draw(agency, RecordNoise.NameDroppedMiddle, parts.CanDropMiddle(), rates.NameDroppedMiddle))
        {
            parts.DropMiddle(_random);
            noise |= RecordNoise.NameDroppedMiddle;
        }

        if (Draw(agency, RecordNoise.NameAbbreviated, parts.CanAbbreviate(), rates.NameAbbreviated))
        {
            parts.Abbreviate(_random);
            noise |= RecordNoise.NameAbbreviated;
        }

        if (Draw(agency, RecordNoise.NameTypo, parts.CanTypo(), rates.NameTypo))
        {
            parts.Typo(_random);
            noise |= RecordNoise.NameTypo;
        }

        if (noise != RecordNoise.None)
        {
            name = parts.ToString();
        }

        var swapped = IdentityNoise.SwapDayMonth(birth, _today);
        if (Draw(agency, RecordNoise.BirthDayMonthSwap, swapped is not null, rates.BirthDayMonthSwap))
        {
            birth = swapped!.Value;
            noise |= RecordNoise.BirthDayMonthSwap;
        }
        else if (Draw(agency, RecordNoise.BirthDateDigitTypo, eligible: true, rates.BirthDateDigitTypo)
            && IdentityNoise.DigitTypo(birth, _today, _random) is { } typo)
        {
            birth = typo;
            noise |= RecordNoise.BirthDateDigitTypo;
        }

        return (name, birth, noise);
    }

    private bool Draw(SyntheticAgency agency, RecordNoise kind, bool eligible, double rate)
    {
        if (!eligible)
        {
            return false;
        }

        Tally.CountEligible(agency, kind);
        return rate > 0 && _random.NextDouble() < rate;
    }

    private static int AgeAt(DateOnly birth, DateOnly date)
    {
        var age = date.Year - birth.Year;
        return date < birth.AddYears(age) ? age - 1 : age;
    }
}
