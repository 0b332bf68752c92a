#pragma warning disable CA5394 // synthetic test data, not security

using System.Globalization;
using System.Runtime.InteropServices;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Generates a deterministic synthetic Indonesian population: the same seed and <c>today</c> give the same people.
/// Residents are spread over regencies by their 2025 registered population, with a plausible age pyramid,
/// religion and naming traditions by province, valid unique NIKs, and families that share a KK and an address.
/// </summary>
/// <remarks>
/// Not thread-safe: use one generator per thread. Memory grows only with the NIK and KK sequence counters
/// (one entry per distinct district/date/sex), which is what keeps every generated NIK unique.
/// </remarks>
public sealed class PopulationGenerator
{
    private const double IssuedInResidenceDistrict = 0.9;
    private const int MaxOpenHouseholds = 256;
    private const int HouseholdScanLimit = 64;

    private static readonly string[] ThreeDigits = Enumerable.Range(0, 1000).Select(i => i.ToString("D3", CultureInfo.InvariantCulture)).ToArray();
    private static readonly string[] Numbers = Enumerable.Range(0, 400).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    private static readonly string[] BloodGroups = ["O", "B", "A", "AB"];
    private static readonly string[] BloodGroupsPositive = ["O+", "B+", "A+", "AB+"];
    private static readonly string[] BloodGroupsNegative = ["O-", "B-", "A-", "AB-"];
    private static readonly double[] BloodGroupWeights = [37, 29, 26, 8];

    private readonly Random _random;
    private readonly DateOnly _today;
    private readonly NameComposer _names;
    private readonly RegencyInfo[] _regencies;
    private readonly WeightedTable<RegencyInfo> _regencyTable;
    private readonly WeightedTable<RegencyInfo>?[] _homeRegencies;
    private readonly double _femaleShare;
    private readonly WeightedTable<int> _ageBands;
    private readonly int[] _bandEarliest;
    private readonly int[] _bandLatest;
    private readonly WeightedTable<string>[] _marital;
    private readonly WeightedTable<string>[] _occupations;
    private readonly Dictionary<long, int> _nikSequences = [];
    private readonly Dictionary<long, int> _kkSequences = [];
    // Numbers handed to second registrations count down from 9999, so they never meet the ordinary sequences
    // (which count up) and issuing them does not shift anyone else's NIK or KK.
    private readonly Dictionary<long, int> _reissuedNiks = [];
    private readonly Dictionary<long, int> _reissuedKks = [];
    private Dictionary<string, (RegencyInfo Regency, DistrictInfo District)>? _districtsByCode;
    private readonly List<Household> _openHouseholds = new(MaxOpenHouseholds + 1);

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">Seed for <see cref="Random"/>; the whole output is a function of it and <paramref name="today"/>.</param>
    /// <param name="today">The reference date: nobody is born or dies after it, and ages are computed at it.</param>
    /// <param name="regions">The region catalog (default: the embedded Kemendagri lists).</param>
    /// <param name="population">Population per regency (default: the embedded 2025 table).</param>
    public PopulationGenerator(int seed, DateOnly today, RegionCatalog? regions = null, PopulationTable? population = null)
    {
        regions ??= RegionCatalog.Default;
        population ??= PopulationTable.Default;
        _random = new Random(seed);
        _today = today;
        _names = new NameComposer(_random);

        (_regencies, _femaleShare) = BuildRegencies(regions, population);
        _regencyTable = new WeightedTable<RegencyInfo>(_regencies.Select(r => (r, (double)r.Population)));
        _homeRegencies = Enum.GetValues<NameGroup>()
            .Select(g => ProvinceProfiles.HomeProvinces(g) is { Length: > 0 } home && _regencies.Any(r => home.Contains(r.Province.Code))
                ? new WeightedTable<RegencyInfo>(_regencies.Where(r => home.Contains(r.Province.Code)).Select(r => (r, (double)r.Population)))
                : null)
            .ToArray();

        _ageBands = new WeightedTable<int>(LifeTables.AgeBands.Select((w, i) => (i, w)));
        _bandEarliest = new int[LifeTables.AgeBands.Length];
        _bandLatest = new int[LifeTables.AgeBands.Length];
        for (var band = 0; band < LifeTables.AgeBands.Length; band++)
        {
            // Band b holds ages 5b to 5b+4 on the reference date; nobody is born on it, so every record can have
            // been updated before it.
            _bandLatest[band] = band == 0 ? today.DayNumber - 1 : today.AddYears(-5 * band).DayNumber;
            _bandEarliest[band] = today.AddYears(-5 * (band + 1)).DayNumber + 1;
        }

        _marital = new WeightedTable<string>[2 * 101];
        for (var age = 0; age <= 100; age++)
        {
            for (var f = 0; f < 2; f++)
            {
                var weights = LifeTables.MaritalWeights(age, female: f == 1);
                _marital[(age * 2) + f] = new WeightedTable<string>(LifeTables.MaritalStatuses.Select((s, i) => (s, weights[i])));
            }
        }

        _occupations = new WeightedTable<string>[LifeTables.OccupationBrackets * 4];
        for (var bracket = 0; bracket < LifeTables.OccupationBrackets; bracket++)
        {
            for (var f = 0; f < 2; f++)
            {
                for (var u = 0; u < 2; u++)
                {
                    _occupations[(bracket * 4) + (f * 2) + u] = new WeightedTable<string>(LifeTables.Occupations(bracket, f == 1, u == 1));
                }
            }
        }
    }

    /// <summary>The next synthetic resident.</summary>
    public SyntheticPerson Next()
    {
        var sex = _random.NextDouble() < _femaleShare ? Sex.Female : Sex.Male;
        var female = sex == Sex.Female;
        var band = _ageBands.Pick(_random);
        var birth = DateOnly.FromDayNumber(_bandEarliest[band] + _random.Next(_bandLatest[band] - _bandEarliest[band] + 1));

        DateOnly? death = null;
        if (_random.NextDouble() < LifeTables.DeceasedProbability(band))
        {
            // Registered deaths are mostly recent: within the last ten years, never before birth, before today.
            var from = Math.Max(birth.DayNumber, _today.DayNumber - 3652);
            death = DateOnly.FromDayNumber(from + _random.Next(Math.Max(1, _today.DayNumber - from)));
        }

        var age = AgeAt(birth, death ?? _today);
        var marital = _marital[(Math.Min(age, 100) * 2) + (female ? 1 : 0)].Pick(_random);

        var role = Role.None;
        var household = death is null ? FindHousehold(birth, age, sex, marital, out role) : null;

        RegencyInfo regency;
        DistrictInfo district;
        Region village;
        string street, rt, rw, religion, kk, fullName, motherName;
        NameGroup group;
        bool muslim;
        if (household is not null)
        {
            (regency, district, village, street, rt, rw) = (household.Regency, household.District, household.Village, household.Street, household.Rt, household.Rw);
            (religion, group, muslim, kk) = (household.Religion, household.Group, household.Muslim, household.Kk);
            var province = regency.Province.Code;
            switch (role)
            {
                case Role.Spouse:
                    // The wife was named when the household was started, so that children born earlier already carry her name.
                    fullName = female && household.WifeName is { } wife
                        ? wife
                        : _names.Compose(group, sex, birth.Year, muslim, province, household.FamilyName);
                    motherName = MotherOf(group, birth.Year, muslim, province, avoidFamilyName: null);
                    break;
                case Role.Parent:
                    fullName = female
                        ? household.HeadMotherName
                        : _names.Compose(group, sex, birth.Year, muslim, province, household.HeadFamilyName);
                    motherName = MotherOf(group, birth.Year, muslim, province, avoidFamilyName: null);
                    break;
                default:
                    fullName = _names.Compose(group, sex, birth.Year, muslim, province, household.FamilyName);
                    motherName = household.MotherName ?? MotherOf(group, birth.Year, muslim, province, household.FamilyName);
                    break;
            }

            // Nobody is named exactly like their own mother; by chance it would happen now and then.
            if (string.Equals(fullName, motherName, StringComparison.Ordinal))
            {
                if (role == Role.Child)
                {
                    fullName = _names.Compose(group, sex, birth.Year, muslim, province, household.FamilyName);
                }
                else
                {
                    motherName = MotherOf(group, birth.Year, muslim, province, avoidFamilyName: null);
                }
            }
        }
        else
        {
            regency = _regencyTable.Pick(_random);
            district = regency.Districts[_random.Next(regency.Districts.Length)];
            village = district.Villages[_random.Next(district.Villages.Count)];
            (street, rt, rw) = Address(regency, village, _random);
            religion = (regency.IsCity ? regency.Province.ReligionUrban : regency.Province.ReligionRural).Pick(_random);
            muslim = string.Equals(religion, Religions.Islam, StringComparison.Ordinal);
            group = regency.Province.GroupsFor(religion).Pick(_random);
            (fullName, motherName, kk) = StartHousehold(regency, district, village, street, rt, rw, religion, group, muslim, birth, age, sex, marital, death is not null);
        }

        var occupation = Occupation(age, female, marital, regency);
        fullName = Decorate(fullName, female, age, muslim, occupation, birth.Year);
        var birthPlace = BirthPlace(regency, group, role == Role.Child);
        var nik = IssueNik(district, regency.Province, birth, female);
        var updatedAt = UpdatedAt(birth, death);

        return new SyntheticPerson(
            nik, kk, fullName, birthPlace, birth, sex, BloodType(), religion, marital, occupation, motherName,
            street, rt, rw, village.Code, district.PostalCode, death is not null, death, updatedAt);
    }

    /// <summary>The next <paramref name="count"/> residents, generated lazily.</summary>
    public IEnumerable<SyntheticPerson> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return GenerateIterator(count);
    }

    /// <summary>
    /// The same resident after a move: another street, RT/RW and village, mostly in the same regency. Identity
    /// fields (NIK, KK, names, dates) are unchanged. Draws from <paramref name="random"/> only, so the residents the
    /// generator produces next do not depend on how many moves were asked for.
    /// </summary>
    public SyntheticPerson Relocate(SyntheticPerson person, Random random)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(random);
        var (home, _) = Locate(person.VillageCode);
        var regency = random.NextDouble() < 0.6 ? home : _regencyTable.Pick(random);
        DistrictInfo district;
        Region village;
        var attempts = 0;
        do
        {
            district = regency.Districts[random.Next(regency.Districts.Length)];
            village = district.Villages[random.Next(district.Villages.Count)];
        }
        while (string.Equals(village.Code, person.VillageCode, StringComparison.Ordinal) && ++attempts < 16);

        var (street, rt, rw) = Address(regency, village, random);
        return person with { Street = street, Rt = rt, Rw = rw, VillageCode = village.Code, PostalCode = district.PostalCode };
    }

    /// <summary>
    /// A second civil registration of the same resident (a double registration): moved as by
    /// <see cref="Relocate"/>, with a new NIK issued in the new district (same birth date and sex, so it is valid and
    /// agrees with the record) and a new family card. The numbers are unique against everything this generator
    /// issues, before or after.
    /// </summary>
    public SyntheticPerson RegisterAgain(SyntheticPerson person, Random random)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(random);
        var moved = Relocate(person, random);
        var (regency, district) = Locate(moved.VillageCode);
        var female = person.Sex == Sex.Female;
        var nik = Reissue(_reissuedNiks, _nikSequences, regency.Province, district, person.BirthDate, female, bySex: true, random);
        var issued = DateOnly.FromDayNumber(Math.Max(person.BirthDate.DayNumber, _today.DayNumber - random.Next(1, 3650)));
        var kk = Reissue(_reissuedKks, _kkSequences, regency.Province, district, issued, female: false, bySex: false, random);
        return moved with { Nik = nik, Kk = kk };
    }

    private static string Reissue(Dictionary<long, int> downward, Dictionary<long, int> upward, ProvinceInfo province, DistrictInfo district, DateOnly date, bool female, bool bySex, Random random)
    {
        while (true)
        {
            var key = SequenceKey(district, date, female, bySex);
            ref var low = ref CollectionsMarshal.GetValueRefOrAddDefault(downward, key, out var exists);
            if (!exists)
            {
                low = 10_000;
            }

            if (low - 1 > upward.GetValueOrDefault(key))
            {
                low--;
                return FormatNik(district.Code, date, female, low);
            }

            district = province.Districts[random.Next(province.Districts.Length)];
        }
    }

    private static long SequenceKey(DistrictInfo district, DateOnly date, bool female, bool bySex) =>
        bySex ? ((((long)district.Number * 1_000_000) + date.DayNumber) * 2) + (female ? 1 : 0) : ((long)district.Number * 1_000_000) + date.DayNumber;

    private (RegencyInfo Regency, DistrictInfo District) Locate(string villageCode)
    {
        _districtsByCode ??= _regencies
            .SelectMany(r => r.Districts.Select(d => (r, d)))
            .ToDictionary(x => x.d.Code, x => (x.r, x.d), StringComparer.Ordinal);
        return _districtsByCode.TryGetValue(villageCode[..6], out var found)
            ? found
            : throw new ArgumentException($"Village {villageCode} is not in a district this generator knows.", nameof(villageCode));
    }

    private IEnumerable<SyntheticPerson> GenerateIterator(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    // ---- Households ----

    // Joins a married adult to an open household as spouse, an unmarried young person as child, or a widowed or
    // divorced elder as the head's parent. Everyone else (and anyone who finds no fitting household) starts their
    // own family card.
    private Household? FindHousehold(DateOnly birth, int age, Sex sex, string marital, out Role role)
    {
        role = Role.None;
        Role wanted;
        double attach;
        if (string.Equals(marital, LifeTables.BelumKawin, StringComparison.Ordinal))
        {
            (wanted, attach) = (Role.Child, age < 17 ? 0.98 : age < 30 ? 0.85 : age < 45 ? 0.6 : 0);
        }
        else if (string.Equals(marital, LifeTables.Kawin, StringComparison.Ordinal))
        {
            (wanted, attach) = (Role.Spouse, 0.95);
        }
        else
        {
            (wanted, attach) = (Role.Parent, age >= 55 ? 0.6 : 0);
        }

        if (_random.NextDouble() >= attach)
        {
            return null;
        }

        var scanned = 0;
        for (var i = _openHouseholds.Count - 1; i >= 0 && scanned < HouseholdScanLimit; i--, scanned++)
        {
            var h = _openHouseholds[i];
            var years = (birth.DayNumber - h.HeadBirth.DayNumber) / 365.25;
            var fits = wanted switch
            {
                Role.Child => h.ChildrenLeft > 0 && years is >= 19 and <= 45,
                // Husbands are mostly the same age as their wives or older.
                Role.Spouse => h.SpouseOpen && h.HeadSex != sex
                    && (h.HeadSex == Sex.Male ? years is >= -5 and <= 15 : years is >= -15 and <= 5),
                _ => h.ParentOpen && years is >= -45 and <= -18,
            };
            if (!fits)
            {
                continue;
            }

            switch (wanted)
            {
                case Role.Child:
                    h.ChildrenLeft--;
                    break;
                case Role.Spouse:
                    h.SpouseOpen = false;
                    break;
                default:
                    h.ParentOpen = false;
                    break;
            }

            if (h.ChildrenLeft == 0 && !h.SpouseOpen && !h.ParentOpen)
            {
                _openHouseholds.RemoveAt(i);
            }

            role = wanted;
            return h;
        }

        return null;
    }

    private (string FullName, string MotherName, string Kk) StartHousehold(
        RegencyInfo regency, DistrictInfo district, Region village, string street, string rt, string rw,
        string religion, NameGroup group, bool muslim, DateOnly birth, int age, Sex sex, string marital, bool deceased)
    {
        var province = regency.Province.Code;
        var female = sex == Sex.Female;
        var ownFamilyName = _names.PickFamilyName(group, muslim);
        var fullName = _names.Compose(group, sex, birth.Year, muslim, province, ownFamilyName);
        var motherName = MotherOf(group, birth.Year, muslim, province, ownFamilyName);
        if (string.Equals(fullName, motherName, StringComparison.Ordinal))
        {
            motherName = MotherOf(group, birth.Year, muslim, province, ownFamilyName);
        }

        var kk = IssueKk(district, birth, age);

        var everMarried = !string.Equals(marital, LifeTables.BelumKawin, StringComparison.Ordinal);
        if (deceased || !everMarried || age < 17)
        {
            return (fullName, motherName, kk);
        }

        var household = new Household
        {
            Regency = regency,
            District = district,
            Village = village,
            Street = street,
            Rt = rt,
            Rw = rw,
            Kk = kk,
            Religion = religion,
            Group = group,
            Muslim = muslim,
            HeadBirth = birth,
            HeadSex = sex,
            SpouseOpen = string.Equals(marital, LifeTables.Kawin, StringComparison.Ordinal),
            ChildrenLeft = ChildrenWanted(),
            // Three-generation households: a widowed parent of the head may join about a third of them.
            ParentOpen = _random.NextDouble() < 0.35,
            HeadMotherName = motherName,
            HeadFamilyName = ownFamilyName,
        };

        if (female)
        {
            // Children carry the (absent or late) husband's family name and have her as mother.
            household.FamilyName = DifferentFamilyName(group, muslim, ownFamilyName);
            household.MotherName = fullName;
        }
        else
        {
            household.FamilyName = ownFamilyName;
            var wifeBirthYear = birth.Year + _random.Next(-2, 8);
            household.WifeName = _names.Compose(group, Sex.Female, wifeBirthYear, muslim, province, DifferentFamilyName(group, muslim, ownFamilyName));
            household.MotherName = household.WifeName;
        }

        if (household.SpouseOpen || household.ChildrenLeft > 0 || household.ParentOpen)
        {
            _openHouseholds.Add(household);
            if (_openHouseholds.Count > MaxOpenHouseholds)
            {
                _openHouseholds.RemoveAt(0);
            }
        }

        return (fullName, motherName, kk);
    }

    private int ChildrenWanted() => _random.NextDouble() switch
    {
        < 0.15 => 0,
        < 0.40 => 1,
        < 0.70 => 2,
        < 0.88 => 3,
        < 0.96 => 4,
        _ => 5,
    };

    private string? DifferentFamilyName(NameGroup group, bool muslim, string? avoid)
    {
        // Batak marga are exogamous; elsewhere a different name is simply the likely case.
        var name = _names.PickFamilyName(group, muslim);
        for (var i = 0; i < 3 && name is not null && string.Equals(name, avoid, StringComparison.Ordinal); i++)
        {
            name = _names.PickFamilyName(group, muslim);
        }

        return name;
    }

    private string MotherOf(NameGroup group, int birthYear, bool muslim, string province, string? avoidFamilyName)
    {
        var motherBirthYear = birthYear - 19 - _random.Next(0, 20);
        return _names.Compose(group, Sex.Female, motherBirthYear, muslim, province, DifferentFamilyName(group, muslim, avoidFamilyName));
    }

    // ---- Identity numbers ----

    private string IssueNik(DistrictInfo residence, ProvinceInfo province, DateOnly birth, bool female)
    {
        var district = residence;
        if (_random.NextDouble() >= IssuedInResidenceDistrict && province.Districts.Length > 1)
        {
            // Registered first elsewhere in the province, then moved.
            do
            {
                district = province.Districts[_random.Next(province.Districts.Length)];
            }
            while (ReferenceEquals(district, residence));
        }

        while (true)
        {
            var key = SequenceKey(district, birth, female, bySex: true);
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_nikSequences, key, out _);
            // Now and then a number is skipped: residents who died or moved away before this sample.
            var next = last + 1 + (_random.NextDouble() < 0.2 ? _random.Next(1, 3) : 0);
            if (next < Ceiling(_reissuedNiks, key))
            {
                last = next;
                return FormatNik(district.Code, birth, female, next);
            }

            // The district's sequence for this date is exhausted; only conceivable in huge runs.
            district = province.Districts[_random.Next(province.Districts.Length)];
        }
    }

    private string IssueKk(DistrictInfo district, DateOnly birth, int age)
    {
        // A family card is issued at the holder's residence, at the earliest when they became an adult or were born.
        var earliest = Math.Max(_today.DayNumber - (15 * 365), age >= 17 ? birth.AddYears(17).DayNumber : birth.DayNumber);
        earliest = Math.Min(earliest, _today.DayNumber);
        var issued = DateOnly.FromDayNumber(earliest + _random.Next(_today.DayNumber - earliest + 1));
        while (true)
        {
            var key = SequenceKey(district, issued, female: false, bySex: false);
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_kkSequences, key, out _);
            if (last + 1 < Ceiling(_reissuedKks, key))
            {
                last++;
                return FormatNik(district.Code, issued, female: false, last);
            }

            issued = issued.AddDays(-1);
        }
    }

    private static int Ceiling(Dictionary<long, int> downward, long key) =>
        downward.Count > 0 && downward.TryGetValue(key, out var low) ? low : 10_000;

    private static string FormatNik(string district, DateOnly date, bool female, int sequence)
    {
        Span<char> digits = stackalloc char[16];
        district.AsSpan().CopyTo(digits);
        var day = date.Day + (female ? 40 : 0);
        digits[6] = (char)('0' + (day / 10));
        digits[7] = (char)('0' + (day % 10));
        digits[8] = (char)('0' + (date.Month / 10));
        digits[9] = (char)('0' + (date.Month % 10));
        var year = date.Year % 100;
        digits[10] = (char)('0' + (year / 10));
        digits[11] = (char)('0' + (year % 10));
        digits[12] = (char)('0' + (sequence / 1000));
        digits[13] = (char)('0' + (sequence / 100 % 10));
        digits[14] = (char)('0' + (sequence / 10 % 10));
        digits[15] = (char)('0' + (sequence % 10));
        return new string(digits);
    }

    // ---- Attributes ----

    private string Occupation(int age, bool female, string marital, RegencyInfo regency)
    {
        var bracket = LifeTables.OccupationBracket(age);
        if (female && age is >= 15 and < 23 && string.Equals(marital, LifeTables.Kawin, StringComparison.Ordinal) && _random.NextDouble() < 0.6)
        {
            return LifeTables.Housekeeping; // young married women mostly leave school
        }

        if (!female && bracket is 4 or 5 && !regency.IsCity && regency.Province.Coastal && _random.NextDouble() < 0.06)
        {
            return LifeTables.Fisher;
        }

        return _occupations[(bracket * 4) + (female ? 2 : 0) + (regency.IsCity ? 1 : 0)].Pick(_random);
    }

    // Titles and degrees as written into the name field: "H. ", "HJ. ", "DR. ", "DRS. ", ", S.PD", ", A.MD"...
    private string Decorate(string name, bool female, int age, bool muslim, string occupation, int birthYear)
    {
        if (age < 20)
        {
            return name;
        }

        var professional = occupation is LifeTables.CivilServant or LifeTables.Teacher or LifeTables.Lecturer
            or LifeTables.Doctor or LifeTables.Midwife or LifeTables.Nurse or LifeTables.StateEnterprise;
        var probability = (professional ? 0.3 : 0.03) + (muslim && age >= 40 ? 0.012 : 0);
        if (_random.NextDouble() >= probability)
        {
            return name;
        }

        if (muslim && age >= 40 && _random.NextDouble() < (professional ? 0.2 : 0.45))
        {
            return string.Concat(female ? "HJ. " : "H. ", name);
        }

        var r = _random.NextDouble();
        switch (occupation)
        {
            case LifeTables.Doctor:
                return r < 0.85 ? string.Concat("DR. ", name) : string.Concat("DR. ", name, r < 0.93 ? ", SP.PD" : ", SP.A");
            case LifeTables.Midwife:
                return string.Concat(name, r < 0.6 ? ", A.MD.KEB" : r < 0.8 ? ", S.TR.KEB" : ", AMD.KEB");
            case LifeTables.Nurse:
                return string.Concat(name, r < 0.4 ? ", S.KEP" : r < 0.8 ? ", A.MD.KEP" : ", S.KEP., NS");
            case LifeTables.Teacher:
                return string.Concat(name, r < 0.7 ? ", S.PD" : r < 0.85 && muslim ? ", S.PD.I" : ", M.PD");
            case LifeTables.Lecturer:
                return r < 0.3 ? string.Concat("DR. ", name, ", M.SI") : string.Concat(name, r < 0.6 ? ", M.PD" : r < 0.8 ? ", M.T." : ", M.KOM");
        }

        if (age < 22)
        {
            return name;
        }

        if (birthYear < 1968 && r < 0.35)
        {
            return string.Concat(!female && r < 0.1 ? "IR. " : female ? "DRA. " : "DRS. ", name);
        }

        var degree = _random.Next(12) switch
        {
            0 => ", S.E.",
            1 => ", S.H.",
            2 => ", S.SOS",
            3 => ", S.KOM",
            4 => ", S.T.",
            5 => ", S.IP",
            6 => muslim ? ", S.AG" : ", S.TH",
            7 => ", A.MD",
            8 => ", S.PD",
            9 => ", M.M.",
            10 => ", S.E., M.M.",
            _ => ", SE",
        };
        return string.Concat(name, degree);
    }

    private string BirthPlace(RegencyInfo residence, NameGroup group, bool childOfHousehold)
    {
        if (childOfHousehold && _random.NextDouble() < 0.85)
        {
            return residence.BirthPlaceName;
        }

        var home = _homeRegencies[(int)group];
        var native = home is null || ProvinceProfiles.HomeProvinces(group).Contains(residence.Province.Code);
        var r = _random.NextDouble();
        RegencyInfo place;
        if (native)
        {
            // About one in five was born in another regency: most of them in the same province.
            place = r < 0.8 ? residence
                : r < 0.92 ? residence.Province.Regencies.Pick(_random)
                : _regencyTable.Pick(_random);
        }
        else
        {
            // Migrant traditions: born locally (second generation), in the homeland, or anywhere.
            place = r < 0.45 ? residence
                : r < 0.85 ? home!.Pick(_random)
                : _regencyTable.Pick(_random);
        }

        return place.BirthPlaceName;
    }

    private static (string Street, string Rt, string Rw) Address(RegencyInfo regency, Region village, Random random)
    {
        var province = regency.Province.Code;
        var r = random.NextDouble();
        string street;
        if (regency.IsCity ? r < 0.5 : r < 0.25)
        {
            var name = random.NextDouble() < (regency.IsCity ? 0.05 : 0.25)
                ? string.Concat("RAYA ", village.Name.ToUpperInvariant())
                : Pick(random, AddressPools.StreetNames);
            street = string.Concat("JL. ", name, " NO. ", HouseNumber(random));
        }
        else if (regency.IsCity ? r < 0.7 : r < 0.35)
        {
            street = string.Concat("GG. ", Pick(random, AddressPools.GangNames), " NO. ", HouseNumber(random));
        }
        else if (regency.IsCity ? r < 0.9 : r < 0.45)
        {
            var block = (char)('A' + random.Next(12));
            var blockText = random.NextDouble() < 0.4 ? string.Concat(block.ToString(), Numbers[1 + random.Next(9)]) : block.ToString();
            street = string.Concat(
                "PERUM ", Pick(random, AddressPools.HousingPrefixes), " ", Pick(random, AddressPools.HousingSuffixes),
                " BLOK ", blockText, " NO. ", Numbers[1 + random.Next(40)]);
        }
        else if (province is "31" or "32" or "36")
        {
            street = string.Concat("KP. ", Pick(random, AddressPools.SundaneseKampungs));
        }
        else if (province is "33" or "34" or "35")
        {
            street = string.Concat("DUSUN ", Pick(random, AddressPools.JavaneseHamlets));
        }
        else if (province == "51")
        {
            // Balinese hamlets are banjar, named after their position in the village.
            street = string.Concat("BANJAR ", Pick(random, AddressPools.BalineseBanjars));
        }
        else
        {
            street = random.NextDouble() < 0.4
                ? string.Concat("DUSUN ", Pick(random, AddressPools.RomanNumerals))
                : string.Concat("DUSUN ", Pick(random, AddressPools.OuterHamlets));
        }

        // Low RT/RW numbers are the most common: every RW has an RT 001, few have an RT 020.
        var rt = 1 + Math.Min(random.Next(20), random.Next(20));
        var rw = 1 + Math.Min(random.Next(15), random.Next(15));
        return (street, ThreeDigits[rt], ThreeDigits[rw]);
    }

    private static string HouseNumber(Random random)
    {
        var n = Numbers[1 + random.Next(1 + random.Next(150))];
        return random.NextDouble() < 0.04 ? string.Concat(n, "A") : n;
    }

    private string? BloodType()
    {
        // Most records say "TIDAK TAHU"; O and B are the most common groups in Indonesia.
        var r = _random.NextDouble();
        if (r < 0.62)
        {
            return null;
        }

        var x = _random.NextDouble() * 100;
        var i = 0;
        while (i < BloodGroupWeights.Length - 1 && x >= BloodGroupWeights[i])
        {
            x -= BloodGroupWeights[i];
            i++;
        }

        return r < 0.955 ? BloodGroups[i] : r < 0.998 ? BloodGroupsPositive[i] : BloodGroupsNegative[i];
    }

    private DateTime UpdatedAt(DateOnly birth, DateOnly? death)
    {
        // Within the three years before today, and not before the birth or death it records.
        var lower = Math.Max(_today.AddYears(-3).DayNumber, Math.Max(birth.DayNumber, death?.DayNumber ?? 0));
        var day = DateOnly.FromDayNumber(lower + _random.Next(Math.Max(1, _today.DayNumber - lower)));
        // Mostly office hours at the civil registry; the rest are overnight batch corrections.
        var seconds = _random.NextDouble() < 0.85 ? (8 * 3600) + _random.Next(8 * 3600) : _random.Next(24 * 3600);
        return day.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(seconds)), DateTimeKind.Unspecified);
    }

    private static string Pick(Random random, string[] pool) => pool[random.Next(pool.Length)];

    private static int AgeAt(DateOnly birth, DateOnly date)
    {
        var age = date.Year - birth.Year;
        if (date.Month < birth.Month || (date.Month == birth.Month && date.Day < birth.Day))
        {
            age--;
        }

        return age;
    }

    // ---- Setup ----

    private static (RegencyInfo[] Regencies, double FemaleShare) BuildRegencies(RegionCatalog regions, PopulationTable population)
    {
        var districtsByRegency = regions.Districts
            .GroupBy(d => d.Code[..4], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var provinces = new Dictionary<string, ProvinceInfo>(StringComparer.Ordinal);
        var regencies = new List<RegencyInfo>(population.Regencies.Count);
        long male = 0, female = 0;
        foreach (var row in population.Regencies)
        {
            if (row.Total <= 0 || !districtsByRegency.TryGetValue(row.Code, out var districtRegions))
            {
                continue;
            }

            var provinceCode = row.Code[..2];
            if (!provinces.TryGetValue(provinceCode, out var province))
            {
                province = new ProvinceInfo(provinceCode);
                provinces.Add(provinceCode, province);
            }

            var districts = districtRegions
                .Select(d => (Region: d, Villages: regions.VillagesOf(d.Code)))
                .Where(d => d.Villages.Count > 0)
                .Select(d => new DistrictInfo(d.Region.Code, d.Villages, PostalCode(d.Region.Code)))
                .ToArray();
            if (districts.Length == 0)
            {
                continue;
            }

            var regency = new RegencyInfo(row.Code, BirthPlaceName(row.Code, row.Name), row.Code[2] == '7', row.Total, province, districts);
            regencies.Add(regency);
            province.AddRegency(regency);
            male += row.Male;
            female += row.Female;
        }

        if (regencies.Count == 0)
        {
            throw new InvalidOperationException("No regency of the population table has districts and villages in the region catalog.");
        }

        foreach (var province in provinces.Values)
        {
            province.Complete();
        }

        return ([.. regencies], male + female > 0 ? (double)female / (male + female) : 0.5);
    }

    // The everyday form people write as their place of birth: "BOGOR", "BANDUNG", "JAKARTA".
    private static string BirthPlaceName(string code, string name)
    {
        if (code.StartsWith("31", StringComparison.Ordinal))
        {
            return "JAKARTA";
        }

        name = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var prefix in (string[])["Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kab. ", "Kab ", "Kota "])
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..];
                break;
            }
        }

        return name.ToUpperInvariant();
    }

    // Synthetic, but regionally plausible and the same for every run: a real prefix of the province, then digits
    // derived from the district code.
    private static string PostalCode(string districtCode)
    {
        var prefix = districtCode[..4] switch
        {
            "3171" => "10",
            "3172" => "14",
            "3173" => "11",
            "3174" => "12",
            "3175" => "13",
            "3101" => "14",
            _ => null,
        };
        if (prefix is null)
        {
            var prefixes = ProvinceProfiles.PostalPrefixes(districtCode[..2]);
            var regencyNumber = int.Parse(districtCode.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            prefix = prefixes[regencyNumber % prefixes.Length];
        }

        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in districtCode)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return string.Concat(prefix, ThreeDigits[(int)(hash % 1000)]);
    }

    private sealed class ProvinceInfo(string code)
    {
        private readonly List<RegencyInfo> _regencies = [];

        public string Code { get; } = code;

        public bool Coastal { get; } = ProvinceProfiles.IsCoastal(code);

        public DistrictInfo[] Districts { get; private set; } = [];

        public WeightedTable<RegencyInfo> Regencies { get; private set; } = null!;

        public WeightedTable<string> ReligionUrban { get; private set; } = null!;

        public WeightedTable<string> ReligionRural { get; private set; } = null!;

        private WeightedTable<NameGroup> Muslim { get; set; } = null!;

        private WeightedTable<NameGroup> ChristianGroups { get; set; } = null!;

        private WeightedTable<NameGroup> Hindu { get; set; } = null!;

        private WeightedTable<NameGroup> Buddhist { get; set; } = null!;

        private WeightedTable<NameGroup> Indigenous { get; set; } = null!;

        public void AddRegency(RegencyInfo regency) => _regencies.Add(regency);

        public void Complete()
        {
            Districts = _regencies.SelectMany(r => r.Districts).ToArray();
            Regencies = new WeightedTable<RegencyInfo>(_regencies.Select(r => (r, (double)r.Population)));
            var weights = ProvinceProfiles.ReligionWeights(Code);
            // Chinese-Indonesian Buddhists and Confucians live mostly in the cities.
            ReligionUrban = new WeightedTable<string>(Religions.All.Select((r, i) => (r, weights[i] * (i is 4 or 5 ? 2 : 1))));
            ReligionRural = new WeightedTable<string>(Religions.All.Select((r, i) => (r, weights[i] * (i is 4 or 5 ? 0.45 : 1))));
            Muslim = new WeightedTable<NameGroup>(ProvinceProfiles.MuslimGroups(Code));
            ChristianGroups = new WeightedTable<NameGroup>(ProvinceProfiles.ChristianGroups(Code));
            Hindu = new WeightedTable<NameGroup>(ProvinceProfiles.HinduGroups(Code));
            Buddhist = new WeightedTable<NameGroup>(ProvinceProfiles.BuddhistGroups(Code));
            Indigenous = new WeightedTable<NameGroup>(ProvinceProfiles.IndigenousFaithGroups(Code));
        }

        public WeightedTable<NameGroup> GroupsFor(string religion) => religion switch
        {
            Religions.Islam => Muslim,
            Religions.Kristen or Religions.Katolik => ChristianGroups,
            Religions.Hindu => Hindu,
            Religions.Buddha or Religions.Khonghucu => Buddhist,
            _ => Indigenous,
        };
    }

    private sealed class RegencyInfo(string code, string birthPlaceName, bool isCity, long population, ProvinceInfo province, DistrictInfo[] districts)
    {
        public string Code { get; } = code;

        public string BirthPlaceName { get; } = birthPlaceName;

        public bool IsCity { get; } = isCity;

        public long Population { get; } = population;

        public ProvinceInfo Province { get; } = province;

        public DistrictInfo[] Districts { get; } = districts;
    }

    private sealed class DistrictInfo(string code, IReadOnlyList<Region> villages, string postalCode)
    {
        public string Code { get; } = code;

        public int Number { get; } = int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture);

        public IReadOnlyList<Region> Villages { get; } = villages;

        public string PostalCode { get; } = postalCode;
    }

    private enum Role
    {
        None,
        Child,
        Spouse,
        Parent,
    }

    private sealed class Household
    {
        public required RegencyInfo Regency { get; init; }

        public required DistrictInfo District { get; init; }

        public required Region Village { get; init; }

        public required string Street { get; init; }

        public required string Rt { get; init; }

        public required string Rw { get; init; }

        public required string Kk { get; init; }

        public required string Religion { get; init; }

        public required NameGroup Group { get; init; }

        public required bool Muslim { get; init; }

        public required DateOnly HeadBirth { get; init; }

        public required Sex HeadSex { get; init; }

        public required string HeadMotherName { get; init; }

        public required string? HeadFamilyName { get; init; }

        public bool SpouseOpen { get; set; }

        public bool ParentOpen { get; set; }

        public int ChildrenLeft { get; set; }

        public string? FamilyName { get; set; }

        public string? MotherName { get; set; }

        public string? WifeName { get; set; }
    }
}
