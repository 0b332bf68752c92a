using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Core.Tests.Identity;

public sealed class NikTests
{
    // 32.01.01 is a district of Kab. Bogor in every list.
    private const string BogorMan = "3201011205900001";

    [Fact]
    public void Parse_ValidMale_ExposesRegionDateSexAndSequence()
    {
        var nik = Nik.Parse(BogorMan).Value;

        Assert.Equal("32", nik.ProvinceCode);
        Assert.Equal("3201", nik.RegencyCode);
        Assert.Equal("320101", nik.DistrictCode);
        Assert.Equal(Sex.Male, nik.Sex);
        Assert.Equal(12, nik.BirthDay);
        Assert.Equal(5, nik.BirthMonth);
        Assert.Equal(90, nik.BirthYearOfCentury);
        Assert.Equal(1, nik.Sequence);
        Assert.Equal(new DateOnly(1990, 5, 12), nik.InferBirthDate(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void Parse_WomanWithDayPlusForty_DecodesDayAndFemale()
    {
        var nik = Nik.Parse("3201015205900002").Value;

        Assert.Equal(Sex.Female, nik.Sex);
        Assert.Equal(12, nik.BirthDay);
        Assert.Equal(new DateOnly(1990, 5, 12), nik.InferBirthDate(new DateOnly(2026, 11, 23)));
    }

    [Theory]
    [InlineData("3201017112990001", 31, Sex.Female)] // 71 = 31 + 40, the largest day a woman's NIK can carry
    [InlineData("3201014101000001", 1, Sex.Female)]  // 41 = 1 + 40
    [InlineData("3201013112990001", 31, Sex.Male)]
    public void Parse_DayBoundaries_DecodeSexAndDay(string text, int day, Sex sex)
    {
        var nik = Nik.Parse(text).Value;

        Assert.Equal(day, nik.BirthDay);
        Assert.Equal(sex, nik.Sex);
    }

    [Theory]
    [InlineData(null, NikError.Missing)]
    [InlineData("", NikError.Missing)]
    [InlineData("   ", NikError.Missing)]
    [InlineData("320101120590001", NikError.WrongLength)]
    [InlineData("32010112059000011", NikError.WrongLength)]
    [InlineData("32010112O5900001", NikError.NonDigit)]
    [InlineData("3201-11205900001", NikError.NonDigit)]
    [InlineData("9901011205900001", NikError.UnknownProvince)]  // no province 99
    [InlineData("0001011205900001", NikError.UnknownProvince)]
    [InlineData("3299011205900001", NikError.UnknownRegency)]   // West Java has no regency 99
    [InlineData("3201991205900001", NikError.UnknownDistrict)]  // Kab. Bogor has no district 99
    [InlineData("3201010005900001", NikError.ImpossibleDate)]   // day 0
    [InlineData("3201013505900001", NikError.ImpossibleDate)]   // 35: neither a man's day nor a woman's (41–71)
    [InlineData("3201017205900001", NikError.ImpossibleDate)]   // 72 = 32 + 40
    [InlineData("3201011213900001", NikError.ImpossibleDate)]   // month 13
    [InlineData("3201013102900001", NikError.ImpossibleDate)]   // 31 February
    [InlineData("3201017102900001", NikError.ImpossibleDate)]   // a woman born 31 February
    [InlineData("3201012902010001", NikError.ImpossibleDate)]   // 29 February 1901 and 2001: no leap year either way
    [InlineData("3201011205900000", NikError.ZeroSequence)]
    public void Parse_Invalid_SaysWhy(string? text, NikError expected)
    {
        var result = Nik.Parse(text);

        Assert.False(result.Success);
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void Parse_TwentyNinthFebruaryOfALeapCentury_IsValid()
    {
        // 29-02-00: 2000 was a leap year (1900 was not).
        var nik = Nik.Parse("3201012902000001").Value;

        Assert.Equal(new DateOnly(2000, 2, 29), nik.InferBirthDate(new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void Parse_DistrictOnlyInAnOlderList_IsValidAndKnownAsLegacy()
    {
        // 91.01.01 (Merauke, Papua) was renumbered 93.01.01 when Papua Selatan was formed in 2022;
        // NIKs issued before keep 910101.
        var result = Nik.Parse("9101011205900001");

        Assert.True(result.Success, result.Message);
        var district = RegionCatalog.Default.Find("910101");
        Assert.NotNull(district);
        Assert.False(district.IsCurrent);
        Assert.Equal("2022", district.LastListedIn);
        Assert.True(RegionCatalog.Default.Find("930101")!.IsCurrent);
    }

    [Fact]
    public void Parse_AgainstACatalogWithoutTheRegion_RejectsIt()
    {
        var catalog = RegionCatalog.FromRegions(
        [
            new Region("32", "JAWA BARAT", RegionLevel.Province, true, "2025"),
            new Region("3201", "KAB. BOGOR", RegionLevel.Regency, true, "2025"),
        ]);

        var result = Nik.Parse(BogorMan, catalog);

        Assert.Equal(NikError.UnknownDistrict, result.Error);
    }

    [Theory]
    [InlineData("1990-05-12", Sex.Male, true, true)]
    [InlineData("1990-05-12", Sex.Female, true, false)]
    [InlineData("1990-12-05", Sex.Male, false, true)]   // day and month swapped
    [InlineData("2090-05-12", Sex.Male, true, true)]    // the century is not encoded
    [InlineData("1991-05-12", Sex.Male, false, true)]
    public void AgreesWith_ComparesBirthDateAndSex(string date, Sex sex, bool dateAgrees, bool sexAgrees)
    {
        var nik = Nik.Parse(BogorMan).Value;

        var consistency = nik.AgreesWith(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), sex);

        Assert.Equal(dateAgrees, consistency.BirthDateAgrees);
        Assert.Equal(sexAgrees, consistency.SexAgrees);
        Assert.Equal(dateAgrees && sexAgrees, consistency.Agrees);
    }

    [Fact]
    public void AgreesWith_UnknownValues_AreNotContradictions()
    {
        Assert.True(Nik.Parse(BogorMan).Value.AgreesWith(null, null).Agrees);
    }

    [Fact]
    public void InferBirthDate_YearAfterToday_FallsInThePreviousCentury()
    {
        var nik = Nik.Parse("3201011205300001").Value;

        Assert.Equal(new DateOnly(1930, 5, 12), nik.InferBirthDate(new DateOnly(2026, 11, 23)));
        Assert.Equal(new DateOnly(2030, 5, 12), nik.InferBirthDate(new DateOnly(2031, 1, 1)));
    }

    [Fact]
    public void ToString_IsMasked_AndValueIsFull()
    {
        var nik = Nik.Parse(BogorMan).Value;

        Assert.Equal("3201********0001", nik.ToString());
        Assert.Equal("3201********0001", $"{nik}");
        Assert.Equal(BogorMan, nik.Value);
        Assert.Equal("", default(Nik).ToString());
    }

    [Fact]
    public void Equality_IsByValue()
    {
        var a = Nik.Parse(BogorMan).Value;
        var b = Nik.Parse(" " + BogorMan + " ").Value;
        var c = Nik.Parse("3201011205900002").Value;

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a < c);
    }

    [Theory]
    [InlineData("3201011205900001", "3201********0001")]
    [InlineData("1234567", "*******")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_HidesTheMiddle(string? text, string expected)
    {
        Assert.Equal(expected, Nik.Mask(text));
    }
}
