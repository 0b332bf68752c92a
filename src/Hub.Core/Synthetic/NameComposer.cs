#pragma warning disable CA5394 // synthetic test data, not security

using System.Text;
using IntegrationHub.Core.Identity;
using static IntegrationHub.Core.Synthetic.NamePools;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Builds full names the way each tradition forms them: Javanese mononyms, Sundanese pairs, Arabic-prefixed
/// Muslim names, Batak marga, Balinese birth-order names, Minahasa fam and so on, with the generation of the
/// bearer in mind (mononyms for the old, three-part modern names for the young).
/// </summary>
internal sealed class NameComposer
{
    private const int Old = 0;   // born before 1970
    private const int Middle = 1; // born 1970–1994
    private const int Young = 2; // born 1995 or later

    private static readonly string[] MuhammadJava = ["MUHAMMAD", "MOCHAMMAD", "MOCHAMAD", "MOHAMMAD", "MOH.", "M.", "MUHAMAD", "MUCHAMMAD", "MOCH."];
    private static readonly double[] MuhammadJavaWeights = [45, 12, 10, 8, 8, 7, 5, 3, 2];
    private static readonly string[] MuhammadSunda = ["MUHAMMAD", "MUHAMAD", "MOHAMAD", "M."];
    private static readonly double[] MuhammadSundaWeights = [50, 30, 10, 10];
    private static readonly string[] MuhammadBugis = ["MUHAMMAD", "MUH.", "M."];
    private static readonly double[] MuhammadBugisWeights = [60, 25, 15];
    private static readonly string[] MuhammadOther = ["MUHAMMAD", "MUHAMAD", "M.", "MOHAMMAD"];
    private static readonly double[] MuhammadOtherWeights = [80, 8, 7, 5];

    // Extra given names Balinese parents add in front of the main one ("I PUTU AGUS ...", "NI MADE AYU ...").
    private static readonly string[] BalineseExtraMale = ["AGUS", "ADI", "EKA", "DWI", "GEDE", "BAGUS", "DEWA", "YOGA", "ARYA", "PUTRA"];
    private static readonly string[] BalineseExtraFemale = ["AYU", "AYU", "SRI", "DEWI", "EKA", "DWI", "PUTRI", "INTAN", "DIAH"];

    private readonly Random _random;
    private readonly StringBuilder _builder = new(48);

    public NameComposer(Random random) => _random = random;

    /// <summary>A family name (marga, fam, clan) for the tradition, or null when it has none; children inherit the father's.</summary>
    public string? PickFamilyName(NameGroup group, bool muslim) => group switch
    {
        NameGroup.Batak => Pick(muslim ? BatakMargaMuslim : BatakMargaChristian),
        NameGroup.Manado => Pick(ManadoFam),
        NameGroup.Papuan => Pick(PapuanSurnames),
        NameGroup.Ambonese => Pick(muslim ? AmboneseMuslimSurnames : AmboneseChristianSurnames),
        NameGroup.NusaTenggara => Pick(NusaTenggaraSurnames),
        NameGroup.Toraja => Pick(TorajaSurnames),
        NameGroup.Chinese => Pick(ChineseIndonesianSurnames),
        _ => null,
    };

    /// <summary>
    /// A full legal name without titles. <paramref name="familyName"/> is the father's family name for traditions that
    /// have one (null picks one).
    /// </summary>
    public string Compose(NameGroup group, Sex sex, int birthYear, bool muslim, string province, string? familyName)
    {
        var female = sex == Sex.Female;
        var era = birthYear < 1970 ? Old : birthYear < 1995 ? Middle : Young;
        var name = group switch
        {
            NameGroup.Batak => Batak(female, era, muslim, familyName),
            NameGroup.Balinese => Balinese(female),
            NameGroup.Manado => WithFamilyName(ChristianGiven(female, ManadoMale, ManadoFemale, 0.55), familyName ?? Pick(ManadoFam), 0.95),
            NameGroup.Papuan => WithFamilyName(
                muslim ? MuslimGiven(female, NameGroup.Malay, era) : ChristianGiven(female, PapuanMale, PapuanFemale, 0.6),
                familyName ?? Pick(PapuanSurnames),
                0.95),
            NameGroup.Ambonese => WithFamilyName(
                muslim ? MuslimGiven(female, NameGroup.Malay, era) : ChristianGiven(female, PapuanMale, PapuanFemale, 0.3),
                familyName ?? Pick(muslim ? AmboneseMuslimSurnames : AmboneseChristianSurnames),
                muslim ? 0.85 : 0.95),
            NameGroup.NusaTenggara => NusaTenggara(female, familyName),
            NameGroup.Toraja => WithFamilyName(ChristianGiven(female, ManadoMale, ManadoFemale, 0.25), familyName ?? Pick(TorajaSurnames), 0.8),
            NameGroup.Chinese => Chinese(female, era, familyName),
            NameGroup.Christian => GenericChristian(female, era),
            _ => MuslimMajority(group, female, era, birthYear, muslim, province),
        };
        return WithoutRepeatedWords(name);
    }

    // ---- Muslim-majority traditions (Javanese, Sundanese, Betawi, Malay, Minang, Acehnese, Bugis) ----

    private string MuslimMajority(NameGroup group, bool female, int era, int birthYear, bool muslim, string province)
    {
        var arabicShare = group switch
        {
            NameGroup.Javanese => 0.2,
            NameGroup.Sundanese => 0.25,
            NameGroup.Betawi => 0.45,
            NameGroup.Minang => 0.3,
            NameGroup.Acehnese => 0.5,
            NameGroup.Bugis => 0.4,
            _ => 0.35,
        };
        // "Modern" multi-part names (DIMAS ADITYA PRATAMA) spread from the late 1980s on.
        var modernShare = birthYear switch { < 1975 => 0, < 1985 => 0.05, < 1995 => 0.25, < 2005 => 0.5, _ => 0.65 };

        string name;
        var roll = _random.NextDouble();
        if (roll < modernShare)
        {
            name = Modern(female, group, muslim);
        }
        else if (muslim && roll < modernShare + ((1 - modernShare) * arabicShare))
        {
            name = female ? ArabicFemaleName(group, era) : ArabicMaleName(group, era);
        }
        else
        {
            name = Traditional(group, female, era, muslim);
        }

        name = AddRegionalPrefix(name, group, female, era, province);

        // Records of people registered long ago keep the pre-1972 spelling (SOEPARMAN, DJOKO, TJAHJONO) surprisingly often.
        if (group is NameGroup.Javanese or NameGroup.Sundanese && era == Old)
        {
            var r = _random.NextDouble();
            if (r < 0.25)
            {
                name = ToOldSpelling(name, partial: false);
            }
            else if (r < 0.35)
            {
                name = ToOldSpelling(name, partial: true);
            }
        }

        return name;
    }

    private string Traditional(NameGroup group, bool female, int era, bool muslim)
    {
        var singleShare = era switch { Old => 0.55, Middle => 0.25, _ => 0.08 };
        switch (group)
        {
            case NameGroup.Javanese when female:
                if (Chance(singleShare))
                {
                    return era == Old || Chance(0.5) ? Pick(JavaneseMononymFemale) : Pick(JavaneseSecondFemale);
                }

                return Join(Chance(0.3) ? "SRI" : PickName(JavaneseFirstFemale, muslim), PickOther(JavaneseSecondFemale, null));
            case NameGroup.Javanese:
                if (Chance(singleShare + 0.05))
                {
                    return era == Old || Chance(0.5) ? Pick(JavaneseMononymMale) : Pick(JavaneseSecondMale);
                }

                var first = PickName(JavaneseFirstMale, muslim);
                return Join(first, PickOther(JavaneseSecondMale, first));
            case NameGroup.Sundanese:
                return Pair(female ? SundaneseFemale : SundaneseMale, female ? SundaneseSecondFemale : SundaneseSecondMale, singleShare * 0.7, muslim);
            case NameGroup.Betawi:
                return Pair(female ? BetawiFemale : BetawiMale, female ? BetawiFemale : BetawiMale, singleShare * 0.8, muslim);
            case NameGroup.Minang:
                return Pair(female ? MinangFemale : MinangMale, female ? MinangFemale : MinangMale, singleShare * 0.9, muslim);
            case NameGroup.Acehnese:
                return Pair(female ? AcehneseFemale : AcehneseMale, female ? AcehneseFemale : AcehneseMale, singleShare * 0.8, muslim);
            case NameGroup.Bugis:
                return Pair(female ? BugisFemale : BugisMale, female ? BugisFemale : BugisMale, singleShare * 0.7, muslim);
            default:
                return Pair(female ? MalayFemale : MalayMale, female ? MalayFemale : MalayMale, singleShare * 0.8, muslim);
        }
    }

    private string Pair(string[] firsts, string[] seconds, double singleShare, bool muslim)
    {
        var first = PickName(firsts, muslim);
        return Chance(singleShare) ? first : Join(first, PickOther(seconds, first));
    }

    private string ArabicMaleName(NameGroup group, int era)
    {
        var roll = _random.NextDouble();
        if (roll < 0.42)
        {
            var second = era == Young && Chance(0.6) ? Pick(ModernMale) : Chance(0.5) ? Pick(ArabicMale) : RegionalWord(group, female: false);
            var name = Join(MuhammadForm(group), second);
            return era == Young && Chance(0.4) ? Join(name, PickOther(ModernMaleLast, second)) : name;
        }

        if (roll < 0.57)
        {
            var ahmad = group == NameGroup.Javanese && Chance(0.3) ? "ACHMAD" : "AHMAD";
            return Join(ahmad, Chance(0.5) ? PickOther(ArabicMale, "AHMAD") : RegionalWord(group, female: false));
        }

        if (roll < 0.72)
        {
            var abdul = Join("ABDUL", Pick(AbdulSuffix));
            return Chance(0.3) ? Join(abdul, RegionalWord(group, female: false)) : abdul;
        }

        var single = Pick(ArabicMale);
        return (era == Old && Chance(0.6)) || Chance(0.3) ? single : Join(single, RegionalWord(group, female: false));
    }

    private string ArabicFemaleName(NameGroup group, int era)
    {
        var roll = _random.NextDouble();
        string name;
        if (roll < 0.40)
        {
            var siti = group == NameGroup.Bugis
                ? (Chance(0.5) ? "SITTI" : Chance(0.8) ? "SITI" : "ST.")
                : (Chance(0.96) ? "SITI" : "ST.");
            name = Join(siti, Chance(0.4) ? Pick(ArabicFemale) : RegionalWord(group, female: true));
        }
        else if (roll < 0.62)
        {
            name = Join(Chance(0.6) ? "NUR" : "NURUL", Pick(NurSuffix));
        }
        else
        {
            var single = Pick(ArabicFemale);
            name = (era == Old && Chance(0.6)) || Chance(0.3) ? single : Join(single, RegionalWord(group, female: true));
        }

        return era == Young && Chance(0.3) ? Join(name, Pick(ModernFemaleLast)) : name;
    }

    private string RegionalWord(NameGroup group, bool female) => group switch
    {
        NameGroup.Javanese => Pick(female ? JavaneseSecondFemale : JavaneseSecondMale),
        NameGroup.Sundanese => Pick(female ? SundaneseSecondFemale : SundaneseSecondMale),
        NameGroup.Betawi => Pick(female ? BetawiFemale : BetawiMale),
        NameGroup.Minang => Pick(female ? MinangFemale : MinangMale),
        NameGroup.Acehnese => Pick(female ? AcehneseFemale : AcehneseMale),
        NameGroup.Bugis => Pick(female ? BugisFemale : BugisMale),
        _ => Pick(female ? MalayFemale : MalayMale),
    };

    private string MuhammadForm(NameGroup group)
    {
        var (forms, weights) = group switch
        {
            NameGroup.Javanese => (MuhammadJava, MuhammadJavaWeights),
            NameGroup.Sundanese => (MuhammadSunda, MuhammadSundaWeights),
            NameGroup.Bugis => (MuhammadBugis, MuhammadBugisWeights),
            _ => (MuhammadOther, MuhammadOtherWeights),
        };
        var x = _random.NextDouble() * 100;
        for (var i = 0; i < forms.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return forms[i];
            }
        }

        return forms[0];
    }

    private string Modern(bool female, NameGroup group, bool muslim)
    {
        var first = PickName(female ? ModernFemale : ModernMale, muslim);
        var last = PickOther(female ? ModernFemaleLast : ModernMaleLast, first);
        if (!muslim && IsArabicMarker(last))
        {
            last = PickName(female ? ModernFemaleLast : ModernMaleLast, muslim: false);
        }

        if (muslim && !female && Chance(0.25))
        {
            return Join(MuhammadForm(group), first, last);
        }

        if (Chance(0.35))
        {
            var middle = PickOther(female ? ModernFemale : ModernMale, first);
            return middle == last || (!muslim && IsArabicMarker(middle)) ? Join(first, last) : Join(first, middle, last);
        }

        return Join(first, last);
    }

    private string AddRegionalPrefix(string name, NameGroup group, bool female, int era, string province)
    {
        switch (group)
        {
            case NameGroup.Acehnese when Chance(0.06):
                return Join(female ? "CUT" : Chance(0.8) ? "TEUKU" : "T.", name);
            case NameGroup.Bugis when province == "74":
                // Buton and Muna: LA/WA for men/women, LA ODE/WA ODE for the nobility.
                var r = _random.NextDouble();
                return r < 0.06 ? Join(female ? "WA ODE" : "LA ODE", name)
                    : r < 0.21 ? Join(female ? "WA" : "LA", name)
                    : name;
            case NameGroup.Bugis when Chance(0.08):
                return Join(Chance(0.9) ? "ANDI" : "A.", name);
            case NameGroup.Malay when province is "12" or "14" or "21" && Chance(0.03):
                return Join(Chance(0.6) ? "TENGKU" : "RAJA", name);
            case NameGroup.Malay when province == "52" && Chance(0.04):
                return Join(female ? "BAIQ" : "LALU", name);
            case NameGroup.Javanese when era == Old && Chance(0.015):
                return Join(female ? "RR." : "R.", name);
            default:
                return name;
        }
    }

    private string MuslimGiven(bool female, NameGroup group, int era) =>
        Chance(0.5) ? (female ? ArabicFemaleName(group, era) : ArabicMaleName(group, era)) : Traditional(group, female, era, muslim: true);

    // ---- Christian and family-name traditions ----

    private string ChristianGiven(bool female, string[] localMale, string[] localFemale, double localShare)
    {
        var pool = Chance(localShare) ? (female ? localFemale : localMale) : (female ? ChristianFemale : ChristianMale);
        var given = Pick(pool);
        if (Chance(0.3))
        {
            var second = PickOther(female ? ChristianFemale : ChristianMale, given);
            given = Join(given, second);
        }

        return given;
    }

    private string WithFamilyName(string given, string familyName, double share) =>
        Chance(share) ? Join(given, familyName) : given;

    private string Batak(bool female, int era, bool muslim, string? familyName)
    {
        string given;
        if (muslim)
        {
            given = MuslimGiven(female, NameGroup.Malay, era);
        }
        else
        {
            var roll = _random.NextDouble();
            var pool = roll < 0.42 ? (female ? ChristianFemale : ChristianMale)
                : roll < (era == Young ? 0.62 : 0.85) ? (female ? BatakFemale : BatakMale)
                : (female ? ManadoFemale : ManadoMale);
            given = Pick(pool);
            if (Chance(0.35))
            {
                given = Join(given, PickOther(female ? BatakFemale : BatakMale, given));
            }
        }

        var marga = familyName ?? Pick(muslim ? BatakMargaMuslim : BatakMargaChristian);
        if (!female)
        {
            return Chance(muslim ? 0.85 : 0.97) ? Join(given, marga) : given;
        }

        // Women keep their father's marga, often marked as boru (BR).
        var r = _random.NextDouble();
        if (muslim)
        {
            return r < 0.4 ? Join(given, marga) : given;
        }

        return r < 0.45 ? Join(given, "BR", marga)
            : r < 0.55 ? Join(given, "BR.", marga)
            : r < 0.90 ? Join(given, marga)
            : given;
    }

    private string Balinese(bool female)
    {
        var caste = _random.NextDouble();
        var given = Pick(female ? BalineseFemale : BalineseMale);
        if (Chance(0.3))
        {
            var more = Pick(female ? BalineseExtraFemale : BalineseExtraMale);
            given = more == given ? given : Join(more, given);
        }

        if (caste < 0.04)
        {
            return Join(female ? "IDA AYU" : "IDA BAGUS", given);
        }

        if (caste < 0.09)
        {
            return Join(female ? "I GUSTI AYU" : Chance(0.6) ? "I GUSTI NGURAH" : "I GUSTI BAGUS", given);
        }

        if (caste < 0.11)
        {
            return Join(female ? "ANAK AGUNG AYU" : Chance(0.5) ? "ANAK AGUNG GEDE" : "ANAK AGUNG NGURAH", given);
        }

        // Birth order: 1 Wayan/Putu/Gede (women also Luh), 2 Made/Kadek/Nengah, 3 Nyoman/Komang, 4 Ketut.
        var order = _random.NextDouble();
        var y = _random.NextDouble();
        var birthName = order switch
        {
            < 0.40 when female => y < 0.35 ? "WAYAN" : y < 0.75 ? "PUTU" : "LUH",
            < 0.40 => y < 0.50 ? "WAYAN" : y < 0.85 ? "PUTU" : "GEDE",
            < 0.70 => y < 0.55 ? "MADE" : y < 0.90 ? "KADEK" : "NENGAH",
            < 0.88 => y < 0.60 ? "NYOMAN" : "KOMANG",
            _ => "KETUT",
        };
        return Join(female ? "NI" : "I", birthName, given);
    }

    private string NusaTenggara(bool female, string? familyName)
    {
        var roll = _random.NextDouble();
        var given = roll < 0.6 ? Pick(female ? ChristianFemale : ChristianMale)
            : roll < 0.8 ? Pick(female ? PapuanFemale : PapuanMale)
            : Pick(female ? ManadoFemale : ManadoMale);
        if (Chance(0.35))
        {
            given = Join(given, PickOther(female ? ChristianFemale : ChristianMale, given));
        }

        return WithFamilyName(given, familyName ?? Pick(NusaTenggaraSurnames), 0.9);
    }

    private string GenericChristian(bool female, int era)
    {
        var christian = Pick(female ? ChristianFemale : ChristianMale);
        var roll = _random.NextDouble();
        if (era == Young)
        {
            return roll < 0.5 ? Join(christian, PickName(female ? ModernFemaleLast : ModernMaleLast, muslim: false))
                : roll < 0.8 ? Join(Pick(female ? ManadoFemale : ManadoMale), PickName(female ? ModernFemaleLast : ModernMaleLast, muslim: false))
                : Join(christian, PickOther(female ? ChristianFemale : ChristianMale, christian));
        }

        var second = Pick(female ? JavaneseSecondFemale : JavaneseSecondMale);
        return roll switch
        {
            < 0.45 => Join(christian, second),
            < 0.65 => Join(christian, PickOther(female ? ChristianFemale : ChristianMale, christian)),
            < 0.85 => Join(PickName(female ? JavaneseFirstFemale : JavaneseFirstMale, muslim: false), second),
            < 0.90 => christian,
            _ => Join(christian, PickName(female ? JavaneseFirstFemale : JavaneseFirstMale, muslim: false), second),
        };
    }

    private string Chinese(bool female, int era, string? familyName)
    {
        var surname = familyName ?? Pick(ChineseIndonesianSurnames);
        var roll = _random.NextDouble();
        if (era == Old && roll < 0.45)
        {
            // Names from before the 1966 name-change policy, kept on the record: clan + two syllables.
            var syllables = female ? ChineseSyllableFemale : ChineseSyllableMale;
            var a = Pick(syllables);
            return Join(Pick(ChineseClan), a, PickOther(syllables, a));
        }

        var given = Pick(female ? ChineseGivenFemale : ChineseGivenMale);
        if (era == Young)
        {
            return roll < 0.65 ? Join(given, surname)
                : roll < 0.9 ? Join(given, PickOther(female ? ChineseGivenFemale : ChineseGivenMale, given))
                : Join(given, Pick(ChineseClan));
        }

        return roll < 0.75 ? Join(given, surname)
            : roll < 0.9 ? surname
            : Join(given, PickOther(female ? ChineseGivenFemale : ChineseGivenMale, given));
    }

    // ---- Helpers ----

    /// <summary>Rewrites a name in the pre-1972 spelling: U→OE, and unless partial J→DJ, Y→J, C→TJ, KH→CH.</summary>
    internal static string ToOldSpelling(string name, bool partial)
    {
        var builder = new StringBuilder(name.Length + 6);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == 'U')
            {
                builder.Append("OE");
            }
            else if (partial)
            {
                builder.Append(c);
            }
            else if (c == 'J')
            {
                builder.Append("DJ");
            }
            else if (c == 'Y')
            {
                builder.Append('J');
            }
            else if (c == 'C')
            {
                builder.Append("TJ");
            }
            else if (c == 'K' && i + 1 < name.Length && name[i + 1] == 'H')
            {
                builder.Append("CH");
                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // Parts drawn from different pools can meet ("ABDUL RAHMAN" + "RAHMAN"); a name never repeats a word in a row.
    internal static string WithoutRepeatedWords(string name)
    {
        var span = name.AsSpan();
        var previous = ReadOnlySpan<char>.Empty;
        var repeated = false;
        foreach (var range in span.Split(' '))
        {
            var word = span[range];
            if (word.SequenceEqual(previous))
            {
                repeated = true;
                break;
            }

            previous = word;
        }

        if (!repeated)
        {
            return name;
        }

        var words = name.Split(' ');
        var kept = new List<string>(words.Length);
        foreach (var word in words)
        {
            if (kept.Count == 0 || !string.Equals(kept[^1], word, StringComparison.Ordinal))
            {
                kept.Add(word);
            }
        }

        return string.Join(' ', kept);
    }

    private string Pick(string[] pool) => pool[_random.Next(pool.Length)];

    // Non-Muslims are not given the names that mark a Muslim (SITI, NUR, ACHMAD, SALSABILA...) that some pools contain.
    private string PickName(string[] pool, bool muslim)
    {
        var pick = Pick(pool);
        for (var i = 0; i < 8 && !muslim && IsArabicMarker(pick); i++)
        {
            pick = Pick(pool);
        }

        return pick;
    }

    private static bool IsArabicMarker(string word) => word is "SITI" or "NUR" or "NURUL" or "MUHAMMAD" or "AHMAD" or "ACHMAD"
        or "ABDUL" or "SALSABILA" or "AZZAHRA" or "KHAIRUNNISA" or "NURHALIZA" or "RAMADHANI" or "RAMADHAN" or "FADILLAH"
        or "ABDILLAH" or "HIDAYATULLAH" or "ALFARIZI" or "MAULANA" or "SYIFA" or "AQILA" or "ANNISA" or "ANISA" or "KHANSA"
        or "ZAHRA" or "RAHMA" or "FIKRI" or "IQBAL" or "HAFIZ" or "AFIF" or "NAUFAL" or "RIFQI" or "AZKA" or "FATHAN" or "ALIF";

    // Another entry than avoid (pools may list a name twice to weight it, so step past equal neighbours).
    private string PickOther(string[] pool, string? avoid)
    {
        var index = _random.Next(pool.Length);
        for (var i = 0; i < pool.Length && string.Equals(pool[index], avoid, StringComparison.Ordinal); i++)
        {
            index = (index + 1) % pool.Length;
        }

        return pool[index];
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private static string Join(string a, string b) => string.Concat(a, " ", b);

    private string Join(string a, string b, string c)
    {
        _builder.Clear();
        return _builder.Append(a).Append(' ').Append(b).Append(' ').Append(c).ToString();
    }
}
