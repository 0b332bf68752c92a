using System.Globalization;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;
using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Core.Tests.Synthetic;

public sealed class PopulationGeneratorTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    private static readonly DateOnly Today = PopulationFixture.Today;

    private static readonly string[] Religions = ["islam", "kristen", "katolik", "hindu", "buddha", "khonghucu", "kepercayaan"];
    private static readonly string[] MaritalStatuses = ["belum_kawin", "kawin", "cerai_hidup", "cerai_mati"];
    private static readonly string[] BloodTypes = ["A", "B", "AB", "O", "A+", "B+", "AB+", "O+", "A-", "B-", "AB-", "O-"];
    private static readonly string[] TitlePrefixes = ["H. ", "HJ. ", "DR. ", "DRS. ", "DRA. ", "IR. "];

    private readonly IReadOnlyList<SyntheticPerson> _people = fixture.People;

    // ---- Determinism and laziness ----

    [Fact]
    public void Generate_SameSeedAndToday_GivesTheSamePeople()
    {
        var first = new PopulationGenerator(42, Today).Generate(3_000).ToList();
        var second = new PopulationGenerator(42, Today).Generate(3_000).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_OtherSeedOrToday_GivesOtherPeople()
    {
        var baseline = new PopulationGenerator(42, Today).Generate(200).ToList();
        var otherSeed = new PopulationGenerator(43, Today).Generate(200).ToList();
        var otherToday = new PopulationGenerator(42, Today.AddDays(-1)).Generate(200).ToList();

        Assert.NotEqual(baseline, otherSeed);
        Assert.NotEqual(baseline, otherToday);
        Assert.True(baseline.Select(p => p.Nik).Intersect(otherSeed.Select(p => p.Nik)).Count() < 5);
    }

    [Fact]
    public void Generate_IsLazy()
    {
        var five = new PopulationGenerator(1, Today).Generate(int.MaxValue).Take(5).ToList();

        Assert.Equal(5, five.Count);
    }

    [Fact]
    public void Generate_NegativeCount_Throws()
    {
        var generator = new PopulationGenerator(1, Today);

        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(-1));
    }

    // ---- NIK and KK ----

    [Fact]
    public void Generate_20000_NiksParseAreUniqueAndAgreeWithBirthDateAndSex()
    {
        var people = new PopulationGenerator(7, Today).Generate(20_000).ToList();

        Assert.Equal(people.Count, people.Select(p => p.Nik).Distinct(StringComparer.Ordinal).Count());
        Assert.All(people, p =>
        {
            var parsed = Nik.Parse(p.Nik);
            Assert.True(parsed.Success, $"{p.Nik}: {parsed.Error}");
            var agreement = parsed.Value.AgreesWith(p.BirthDate, p.Sex);
            Assert.True(agreement.BirthDateAgrees, $"{p.Nik} vs {p.BirthDate}");
            Assert.True(agreement.SexAgrees, $"{p.Nik} vs {p.Sex}");
            Assert.True(agreement.Agrees);
        });
    }

    [Fact]
    public void Niks_AreIssuedMostlyInTheResidenceDistrictAndAlwaysInItsProvince()
    {
        var inDistrict = _people.Count(p => p.Nik[..6] == p.VillageCode[..6]) / (double)_people.Count;

        Assert.InRange(inDistrict, 0.87, 0.93);
        Assert.All(_people, p => Assert.Equal(p.VillageCode[..2], p.Nik[..2]));
        Assert.All(_people, p => Assert.Equal(RegionLevel.District, RegionCatalog.Default.Find(p.Nik[..6])?.Level));
    }

    [Fact]
    public void Niks_StayUniqueWhenManyShareADistrictBirthDateAndSex()
    {
        // One district: 30,000 people over ~69,000 (date, sex) pairs must reuse pairs, so sequences have to count up.
        var catalog = RegionCatalog.FromRegions(
        [
            new Region("32", "Jawa Barat", RegionLevel.Province, true, "2025"),
            new Region("3201", "Kabupaten Bogor", RegionLevel.Regency, true, "2025"),
            new Region("320101", "Cibinong", RegionLevel.District, true, "2025"),
            new Region("3201012001", "Pondok Rajeg", RegionLevel.Village, true, "2025"),
        ]);
        var population = PopulationTable.FromRegencies([new RegencyPopulation("3201", "Kabupaten Bogor", 1, 1, 2)]);

        var niks = new PopulationGenerator(11, Today, catalog, population).Generate(30_000).Select(p => p.Nik).ToList();

        Assert.Equal(niks.Count, niks.Distinct(StringComparer.Ordinal).Count());
        Assert.All(niks, n => Assert.True(Nik.Parse(n, catalog).Success, n));
        Assert.Contains(niks, n => int.Parse(n[12..], CultureInfo.InvariantCulture) > 2);
    }

    [Fact]
    public void Kks_HaveTheResidenceDistrictAndAnIssueDateThatIsNotInTheFuture()
    {
        Assert.All(_people, p =>
        {
            Assert.Matches("^[0-9]{16}$", p.Kk);
            Assert.Equal(p.VillageCode[..6], p.Kk[..6]);
            var issued = DateOnly.ParseExact(p.Kk[6..12], "ddMMyy", CultureInfo.InvariantCulture);
            // Two-digit years: the issue date is within the last 15 years, so yy maps to 20yy.
            Assert.True(issued <= Today, p.Kk);
            Assert.True(int.Parse(p.Kk[12..], CultureInfo.InvariantCulture) >= 1, p.Kk);
        });
    }

    [Fact]
    public void Households_ShareOneKkAndAddressAndReligion()
    {
        var families = _people.GroupBy(p => p.Kk, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();

        Assert.All(families, family =>
        {
            Assert.Single(family.Select(p => (p.VillageCode, p.Street, p.Rt, p.Rw, p.PostalCode)).Distinct());
            Assert.Single(family.Select(p => p.Religion).Distinct());
        });
        // Most people live with family: at least half share their KK with two or more others.
        var inLargerFamilies = families.Where(f => f.Count() >= 3).Sum(f => f.Count());
        Assert.True(inLargerFamilies > _people.Count / 2, $"{inLargerFamilies} of {_people.Count} in families of 3+");
    }

    [Fact]
    public void Households_ChildrenCarryTheirMothersName()
    {
        var families = _people.GroupBy(p => p.Kk, StringComparer.Ordinal).Where(g => g.Count() > 1);
        int children = 0, matched = 0;
        foreach (var family in families)
        {
            var women = family.Where(p => p.Sex == Sex.Female).Select(p => StripTitles(p.FullName)).ToHashSet(StringComparer.Ordinal);
            foreach (var child in family.Where(p => PopulationFixture.AgeOf(p) < 15))
            {
                children++;
                matched += women.Contains(child.MotherName) ? 1 : 0;
            }
        }

        Assert.True(children > 5_000);
        // The mother is not always in the sample (divorced, or her record was not generated), but usually is.
        Assert.True(matched > children * 0.6, $"{matched} of {children} children have their mother in their KK");
    }

    // ---- Residence ----

    [Fact]
    public void Villages_ExistAndLieInTheResidenceDistrict()
    {
        var catalog = RegionCatalog.Default;
        Assert.All(_people, p =>
        {
            var village = catalog.Find(p.VillageCode);
            Assert.NotNull(village);
            Assert.Equal(RegionLevel.Village, village.Level);
            Assert.True(village.IsCurrent);
            Assert.Contains(village, catalog.VillagesOf(p.VillageCode[..6]));
        });
    }

    [Fact]
    public void Residence_FollowsPopulation()
    {
        var table = PopulationTable.Default;
        foreach (var province in new[] { "32", "35", "31", "12", "51" })
        {
            var trueShare = table.Regencies.Where(r => r.Code.StartsWith(province, StringComparison.Ordinal)).Sum(r => r.Total) / (double)table.Total;
            var share = _people.Count(p => p.VillageCode.StartsWith(province, StringComparison.Ordinal)) / (double)_people.Count;
            Assert.InRange(share, trueShare - 0.02, trueShare + 0.02);
        }

        // West Java is about 18% of Indonesia.
        var westJava = _people.Count(p => p.VillageCode.StartsWith("32", StringComparison.Ordinal)) / (double)_people.Count;
        Assert.InRange(westJava, 0.16, 0.20);
    }

    [Fact]
    public void PostalCodes_AreFiveDigitsAndTheSameWithinADistrict()
    {
        Assert.All(_people, p => Assert.Matches("^[0-9]{5}$", p.PostalCode));
        Assert.All(_people.GroupBy(p => p.VillageCode[..6], StringComparer.Ordinal), g => Assert.Single(g.Select(p => p.PostalCode).Distinct()));

        var other = new PopulationGenerator(99, Today).Generate(5_000);
        var byDistrict = _people.GroupBy(p => p.VillageCode[..6], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().PostalCode, StringComparer.Ordinal);
        Assert.All(other.Where(p => byDistrict.ContainsKey(p.VillageCode[..6])), p => Assert.Equal(byDistrict[p.VillageCode[..6]], p.PostalCode));
    }

    [Fact]
    public void Addresses_HaveAStreetLineAndThreeDigitRtRw()
    {
        string[] forms = ["JL. ", "GG. ", "PERUM ", "KP. ", "DUSUN ", "BANJAR "];
        Assert.All(_people, p =>
        {
            Assert.Contains(forms, f => p.Street.StartsWith(f, StringComparison.Ordinal));
            Assert.Matches("^[0-9]{3}$", p.Rt);
            Assert.Matches("^[0-9]{3}$", p.Rw);
            Assert.InRange(int.Parse(p.Rt, CultureInfo.InvariantCulture), 1, 20);
            Assert.InRange(int.Parse(p.Rw, CultureInfo.InvariantCulture), 1, 15);
        });
        Assert.All(forms, f => Assert.Contains(_people, p => p.Street.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void BirthPlaces_AreUpperCaseRegencyNamesMostlyTheResidenceRegency()
    {
        var names = PopulationTable.Default.Regencies.ToDictionary(r => r.Code, r => EverydayName(r), StringComparer.Ordinal);
        var known = names.Values.ToHashSet(StringComparer.Ordinal);

        Assert.All(_people, p => Assert.Contains(p.BirthPlace, known));
        var local = _people.Count(p => p.BirthPlace == names[p.VillageCode[..4]]) / (double)_people.Count;
        Assert.InRange(local, 0.7, 0.9);
        Assert.Contains(_people, p => p.VillageCode.StartsWith("3273", StringComparison.Ordinal) && p.BirthPlace == "BANDUNG");
    }

    // ---- Ages, marital status, occupation, death ----

    [Fact]
    public void BirthDates_FollowAnIndonesianAgePyramid()
    {
        Assert.All(_people, p =>
        {
            Assert.True(p.BirthDate > Today.AddYears(-95) && p.BirthDate <= Today, p.BirthDate.ToString("O", CultureInfo.InvariantCulture));
        });
        var ages = _people.Select(p => Today.Year - p.BirthDate.Year).ToList();
        Assert.InRange(ages.Count(a => a < 15) / (double)ages.Count, 0.20, 0.30);
        Assert.InRange(ages.Count(a => a >= 65) / (double)ages.Count, 0.04, 0.10);
        Assert.InRange(ages.Count(a => a >= 80) / (double)ages.Count, 0.002, 0.02);
        // A pyramid: each older decade from 40 on is smaller than the one before.
        var decades = Enumerable.Range(4, 5).Select(d => ages.Count(a => a / 10 == d)).ToList();
        Assert.True(decades.Zip(decades.Skip(1)).All(pair => pair.First > pair.Second), string.Join(",", decades));
    }

    [Fact]
    public void Sex_IsAboutHalfAndHalf()
    {
        var female = _people.Count(p => p.Sex == Sex.Female) / (double)_people.Count;

        Assert.InRange(female, 0.47, 0.53);
    }

    [Fact]
    public void MaritalStatus_IsConsistentWithAge()
    {
        Assert.All(_people, p =>
        {
            Assert.Contains(p.MaritalStatus, MaritalStatuses);
            if (PopulationFixture.AgeOf(p) < 16)
            {
                Assert.Equal("belum_kawin", p.MaritalStatus);
            }
        });
        var adults = _people.Where(p => PopulationFixture.AgeOf(p) >= 40).ToList();
        Assert.True(adults.Count(p => p.MaritalStatus == "kawin") > adults.Count * 0.7);
        Assert.Contains(_people, p => p.MaritalStatus == "cerai_hidup");
        Assert.Contains(_people, p => p.MaritalStatus == "cerai_mati");
    }

    [Fact]
    public void Occupation_IsConsistentWithAge()
    {
        Assert.All(_people, p =>
        {
            var age = PopulationFixture.AgeOf(p);
            if (age < 15)
            {
                Assert.Contains(p.Occupation, new[] { "PELAJAR/MAHASISWA", "BELUM/TIDAK BEKERJA" });
            }

            if (age < 5)
            {
                Assert.Equal("BELUM/TIDAK BEKERJA", p.Occupation);
            }

            if (p.Occupation is "PENSIUNAN")
            {
                Assert.True(age >= 50, $"retired at {age}");
            }

            Assert.Equal(p.Occupation.ToUpperInvariant(), p.Occupation);
        });
        var schoolAge = _people.Where(p => PopulationFixture.AgeOf(p) is >= 7 and < 15).ToList();
        Assert.True(schoolAge.Count(p => p.Occupation == "PELAJAR/MAHASISWA") > schoolAge.Count * 0.9);
        string[] common = ["WIRASWASTA", "MENGURUS RUMAH TANGGA", "PEGAWAI NEGERI SIPIL", "PETANI/PEKEBUN", "KARYAWAN SWASTA", "NELAYAN/PERIKANAN"];
        Assert.All(common, o => Assert.Contains(_people, p => p.Occupation == o));
        Assert.All(_people.Where(p => p.Occupation == "MENGURUS RUMAH TANGGA"), p => Assert.True(PopulationFixture.AgeOf(p) >= 15));
    }

    [Fact]
    public void Deceased_AreAFewPercentWithADateOfDeathBetweenBirthAndToday()
    {
        var deceased = _people.Where(p => p.Deceased).ToList();

        Assert.InRange(deceased.Count / (double)_people.Count, 0.005, 0.03);
        Assert.All(deceased, p =>
        {
            Assert.NotNull(p.DateOfDeath);
            Assert.True(p.DateOfDeath >= p.BirthDate && p.DateOfDeath <= Today);
        });
        Assert.All(_people.Where(p => !p.Deceased), p => Assert.Null(p.DateOfDeath));
        // Deaths are concentrated among the old.
        Assert.True(deceased.Average(p => PopulationFixture.AgeOf(p)) > 50);
    }

    [Fact]
    public void UpdatedAt_IsWithinTheLastThreeYearsToTheSecond()
    {
        var from = Today.AddYears(-3).ToDateTime(TimeOnly.MinValue);
        var to = Today.ToDateTime(TimeOnly.MinValue);
        Assert.All(_people, p =>
        {
            Assert.InRange(p.UpdatedAt, from, to.AddTicks(-1));
            Assert.Equal(0, p.UpdatedAt.Ticks % TimeSpan.TicksPerSecond);
            Assert.True(DateOnly.FromDateTime(p.UpdatedAt) >= p.BirthDate);
            Assert.True(p.DateOfDeath is null || DateOnly.FromDateTime(p.UpdatedAt) >= p.DateOfDeath);
        });
    }

    [Fact]
    public void BloodType_IsOftenUnknownOtherwiseAValidGroup()
    {
        var unknown = _people.Count(p => p.BloodType is null) / (double)_people.Count;

        Assert.InRange(unknown, 0.4, 0.8);
        Assert.All(_people.Where(p => p.BloodType is not null), p => Assert.Contains(p.BloodType, BloodTypes));
        Assert.All(new[] { "A", "B", "AB", "O" }, g => Assert.Contains(_people, p => p.BloodType == g));
    }

    // ---- Religion ----

    [Fact]
    public void Religion_FollowsTheProvince()
    {
        Assert.All(_people, p => Assert.Contains(p.Religion, Religions));

        Assert.InRange(ShareIn(["51"], p => p.Religion == "hindu"), 0.75, 0.95);
        Assert.InRange(ShareIn(["53"], p => p.Religion is "katolik" or "kristen"), 0.8, 0.97);
        Assert.InRange(ShareIn(["71"], p => p.Religion == "kristen"), 0.5, 0.8);
        Assert.InRange(ShareIn(["91", "92", "93", "94", "95", "96"], p => p.Religion is "kristen" or "katolik"), 0.6, 0.9);
        Assert.InRange(ShareIn(["12"], p => p.Religion == "islam"), 0.5, 0.8);
        Assert.InRange(ShareIn(["12"], p => p.Religion is "kristen" or "katolik"), 0.2, 0.45);
        Assert.InRange(ShareIn(["32", "33", "35", "11", "13"], p => p.Religion == "islam"), 0.95, 1.0);
        Assert.InRange(_people.Count(p => p.Religion == "islam") / (double)_people.Count, 0.83, 0.91);
        Assert.Contains(_people, p => p.Religion == "buddha");
        Assert.Contains(_people, p => p.Religion == "khonghucu");
    }

    // ---- Names ----

    [Fact]
    public void Names_AreVaried()
    {
        var distinct = _people.Take(5_000).Select(p => p.FullName).Distinct(StringComparer.Ordinal).Count();

        Assert.True(distinct >= 500, $"{distinct} distinct names in 5,000");
        Assert.True(distinct >= 3_000, $"{distinct} distinct names in 5,000");
    }

    [Fact]
    public void Names_AreUpperCaseWithoutStraySpaces()
    {
        Assert.All(_people, p =>
        {
            foreach (var name in new[] { p.FullName, p.MotherName, p.BirthPlace, p.Street })
            {
                Assert.False(string.IsNullOrWhiteSpace(name));
                Assert.Equal(name.ToUpperInvariant(), name);
                Assert.Equal(name.Trim(), name);
                Assert.DoesNotContain("  ", name, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Titles_AreAFewPercentAndOnlyOnAdults()
    {
        var titled = _people.Where(HasTitle).ToList();

        Assert.InRange(titled.Count / (double)_people.Count, 0.015, 0.06);
        Assert.All(titled, p => Assert.True(PopulationFixture.AgeOf(p) >= 20, $"{p.FullName} aged {PopulationFixture.AgeOf(p)}"));
        Assert.Contains(titled, p => p.FullName.StartsWith("H. ", StringComparison.Ordinal));
        Assert.Contains(titled, p => p.FullName.StartsWith("HJ. ", StringComparison.Ordinal));
        Assert.Contains(titled, p => p.FullName.EndsWith(", S.PD", StringComparison.Ordinal));
        Assert.All(_people, p => Assert.False(HasTitle(p with { FullName = p.MotherName }), p.MotherName));
    }

    [Fact]
    public void Names_UseArabicOriginNamesWidely()
    {
        string[] arabic = ["MUHAMMAD", "MUHAMAD", "MOHAMMAD", "MOCHAMAD", "MOCHAMMAD", "AHMAD", "ACHMAD", "ABDUL", "SITI", "SITTI", "NUR", "NURUL", "FATIMAH"];
        var muslims = _people.Where(p => p.Religion == "islam").ToList();
        var share = muslims.Count(p => p.FullName.Split(' ').Intersect(arabic).Any()) / (double)muslims.Count;

        Assert.InRange(share, 0.12, 0.5);
        Assert.DoesNotContain(_people.Where(p => p.Religion is "kristen" or "katolik" or "hindu"), p => p.FullName.Split(' ').Intersect(["MUHAMMAD", "SITI", "NURUL"]).Any());
    }

    [Fact]
    public void Names_FollowRegionalTraditions()
    {
        // Balinese Hindus: I / NI with a birth-order name, or a caste title.
        var balineseHindus = _people.Where(p => p.VillageCode.StartsWith("51", StringComparison.Ordinal) && p.Religion == "hindu").ToList();
        string[] balinese = ["I ", "NI ", "IDA ", "ANAK AGUNG "];
        Assert.True(balineseHindus.Count > 300);
        Assert.True(balineseHindus.Count(p => balinese.Any(b => StripTitles(p.FullName).StartsWith(b, StringComparison.Ordinal))) > balineseHindus.Count * 0.95);
        Assert.Contains(balineseHindus, p => p.FullName.Contains(" WAYAN ", StringComparison.Ordinal));
        Assert.Contains(balineseHindus, p => p.FullName.Contains(" KETUT ", StringComparison.Ordinal));

        // North Sumatran Christians mostly carry a Batak marga, women often as BR.
        var sumutChristians = _people.Where(p => p.VillageCode.StartsWith("12", StringComparison.Ordinal) && p.Religion is "kristen" or "katolik").ToList();
        Assert.True(sumutChristians.Count > 200);
        Assert.True(sumutChristians.Count(p => StripTitles(p.FullName).Split(' ').Intersect(NamePools.BatakMargaChristian).Any()) > sumutChristians.Count * 0.7);
        Assert.Contains(sumutChristians, p => p.FullName.EndsWith(" SIMANJUNTAK", StringComparison.Ordinal));
        Assert.Contains(sumutChristians, p => p.FullName.Contains(" BR ", StringComparison.Ordinal));

        // Acehnese nobility and Bugis ANDI appear; Javanese elders often have one name only.
        Assert.Contains(_people, p => p.VillageCode.StartsWith("11", StringComparison.Ordinal) && StripTitles(p.FullName).Split(' ')[0] is "TEUKU" or "CUT");
        Assert.Contains(_people, p => p.VillageCode.StartsWith("73", StringComparison.Ordinal) && StripTitles(p.FullName).StartsWith("ANDI ", StringComparison.Ordinal));
        var javaneseElders = _people.Where(p => p.VillageCode[..2] is "33" or "34" or "35" && p.BirthDate.Year < 1970 && p.Religion == "islam").ToList();
        Assert.InRange(javaneseElders.Count(p => !StripTitles(p.FullName).Contains(' ', StringComparison.Ordinal)) / (double)javaneseElders.Count, 0.25, 0.7);

        // Minahasa fam in North Sulawesi, Papuan clan names in Papua.
        var minahasa = _people.Where(p => p.VillageCode.StartsWith("71", StringComparison.Ordinal) && p.Religion == "kristen").ToList();
        Assert.True(minahasa.Count(p => StripTitles(p.FullName).Split(' ').Intersect(NamePools.ManadoFam).Any()) > minahasa.Count * 0.7);
        var highlands = _people.Where(p => p.VillageCode[..2] is "94" or "95" && p.Religion is "kristen" or "katolik").ToList();
        Assert.True(highlands.Count(p => StripTitles(p.FullName).Split(' ').Intersect(NamePools.PapuanSurnames).Any()) > highlands.Count * 0.6);
    }

    [Fact]
    public void MotherNames_AreWomensNamesFromTheSameTradition()
    {
        var balinese = _people.Where(p => p.VillageCode.StartsWith("51", StringComparison.Ordinal) && p.Religion == "hindu").ToList();

        // NI for commoners, I GUSTI AYU / IDA AYU / ANAK AGUNG AYU for the three upper castes; never a man's I WAYAN.
        Assert.All(balinese, p => Assert.Matches("^(NI |I GUSTI AYU |IDA AYU |ANAK AGUNG AYU )", p.MotherName));
        Assert.DoesNotContain(_people, p => p.MotherName == p.FullName);
    }

    // ---- Other sources ----

    [Fact]
    public void Generator_UsesTheGivenCatalogAndPopulation()
    {
        var catalog = RegionCatalog.FromRegions(
        [
            new Region("32", "Jawa Barat", RegionLevel.Province, true, "2025"),
            new Region("3201", "Kabupaten Bogor", RegionLevel.Regency, true, "2025"),
            new Region("320101", "Cibinong", RegionLevel.District, true, "2025"),
            new Region("3201012001", "Pondok Rajeg", RegionLevel.Village, true, "2025"),
            new Region("3201012002", "Karadenan", RegionLevel.Village, true, "2025"),
            new Region("320102", "Gunung Putri", RegionLevel.District, true, "2025"),
            new Region("3201022001", "Wanaherang", RegionLevel.Village, true, "2025"),
            new Region("3273", "Kota Bandung", RegionLevel.Regency, true, "2025"),
            new Region("327301", "Sukasari", RegionLevel.District, true, "2025"),
            new Region("3273011001", "Isola", RegionLevel.Village, true, "2025"),
        ]);
        var population = PopulationTable.FromRegencies(
        [
            new RegencyPopulation("3201", "Kabupaten Bogor", 3_000, 3_000, 6_000),
            new RegencyPopulation("3273", "Kota Bandung", 1_000, 1_000, 2_000),
        ]);

        var people = new PopulationGenerator(5, Today, catalog, population).Generate(4_000).ToList();

        string[] villages = ["3201012001", "3201012002", "3201022001", "3273011001"];
        Assert.All(people, p =>
        {
            Assert.Contains(p.VillageCode, villages);
            Assert.True(Nik.Parse(p.Nik, catalog).Success, p.Nik);
            Assert.Contains(p.BirthPlace, new[] { "BOGOR", "BANDUNG" });
        });
        Assert.InRange(people.Count(p => p.VillageCode.StartsWith("3273", StringComparison.Ordinal)) / (double)people.Count, 0.2, 0.3);
        Assert.Equal(people.Count, people.Select(p => p.Nik).Distinct(StringComparer.Ordinal).Count());
    }

    // ---- Helpers ----

    private double ShareIn(string[] provinces, Func<SyntheticPerson, bool> predicate)
    {
        var residents = _people.Where(p => provinces.Contains(p.VillageCode[..2])).ToList();
        Assert.True(residents.Count > 100, $"only {residents.Count} residents in {string.Join(",", provinces)}");
        return residents.Count(predicate) / (double)residents.Count;
    }

    private static bool HasTitle(SyntheticPerson p) =>
        p.FullName.Contains(", ", StringComparison.Ordinal) || TitlePrefixes.Any(t => p.FullName.StartsWith(t, StringComparison.Ordinal));

    private static string StripTitles(string name)
    {
        var comma = name.IndexOf(", ", StringComparison.Ordinal);
        if (comma >= 0)
        {
            name = name[..comma];
        }

        foreach (var prefix in TitlePrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    // "Kabupaten Bogor" -> BOGOR, "Kota Bandung" -> BANDUNG, any Jakarta city -> JAKARTA.
    private static string EverydayName(RegencyPopulation regency)
    {
        if (regency.Code.StartsWith("31", StringComparison.Ordinal))
        {
            return "JAKARTA";
        }

        var name = regency.Name;
        foreach (var prefix in new[] { "Kabupaten ", "Kab ", "Kota " })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
                break;
            }
        }

        return name.ToUpperInvariant();
    }
}
