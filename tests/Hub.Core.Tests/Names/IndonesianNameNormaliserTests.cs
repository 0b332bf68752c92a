using IntegrationHub.Core.Names;

namespace IntegrationHub.Core.Tests.Names;

public sealed class IndonesianNameNormaliserTests
{
    // Input as a source system might hold it, and the exact key expected.
    private static readonly (string? Raw, string Expected)[] Table =
    [
        // null, blank, nothing usable
        (null, ""),
        ("", ""),
        ("   \t \n ", ""),
        (".,- '", ""),
        ("Dr.", ""),
        ("Hj., S.Pd.", ""),

        // Javanese: mononyms, initials, old spelling
        ("Suparman", "SUPARMAN"),
        ("SUPARMAN", "SUPARMAN"),
        ("  budi   santoso  ", "BUDI SANTOSO"),
        ("Budi S.", "BUDI S"),
        ("Budi M.", "BUDI M"),
        ("Soekarno", "SUKARNO"),
        ("Soeharto", "SUHARTO"),
        ("Djoko Widodo", "JOKO WIDODO"),
        ("Ir. H. Joko Widodo", "JOKO WIDODO"),
        ("Tjahjono", "CAHYONO"),
        ("Sri Moeljani", "SRI MULYANI"),
        ("Soejono", "SUYONO"),
        ("Soedjatmoko", "SUJATMOKO"),
        ("Djojohadikoesoemo", "JOYOHADIKUSUMO"),
        ("Koentjoro Poerbopranoto", "KUNCORO PURBOPRANOTO"),
        ("H.O.S. Tjokroaminoto", "O S COKROAMINOTO"),
        ("R. Soeprapto", "SUPRAPTO"),
        ("R Suprapto", "R SUPRAPTO"),
        ("R.A. Kartini", "KARTINI"),
        ("R. A. Kartini", "KARTINI"),
        ("Rr. Sri Hartati, S.E.", "SRI HARTATI"),
        ("Njoto", "NYOTO"),
        ("Ki Hadjar Dewantara", "KI HAJAR DEWANTARA"),

        // Sundanese
        ("Hj. Neneng Hasanah, S.Pd.", "NENENG HASANAH"),
        ("Asep Sunandar Sunarya", "ASEP SUNANDAR SUNARYA"),
        ("dr. Ujang Suherman, Sp.PD", "UJANG SUHERMAN"),
        ("Raden Dewi Sartika", "DEWI SARTIKA"),
        ("Cecep S. Permana, S.T., M.T.", "CECEP S PERMANA"),

        // Batak
        ("Drs. Tigor Panjaitan, M.Si.", "TIGOR PANJAITAN"),
        ("Luhut Binsar Pandjaitan", "LUHUT BINSAR PANJAITAN"),
        ("Pdt. Marojahan Sinaga, S.Th.", "MAROJAHAN SINAGA"),
        ("Rosdiana br. Simanjuntak", "ROSDIANA BR SIMANJUNTAK"),
        ("Ir. Sahat Tua Hutagalung M.T.", "SAHAT TUA HUTAGALUNG"),

        // Minang
        ("H. Agus Salim", "AGUS SALIM"),
        ("Haji Agus Salim", "AGUS SALIM"),
        ("Mohammad Hatta", "MUHAMMAD HATTA"),
        ("Moh. Hatta", "MUHAMMAD HATTA"),
        ("Sutan Sjahrir", "SUTAN SYAHRIR"),
        ("Sitti Nurbaya", "SITI NURBAYA"),
        ("Hj. Rasuna Said", "RASUNA SAID"),

        // Bugis / Makassar
        ("Andi Mallarangeng", "ANDI MALLARANGENG"),
        ("H. Andi Amran Sulaiman, M.P.", "ANDI AMRAN SULAIMAN"),
        ("Muh. Ilham Arief Sirajuddin", "MUHAMMAD ILHAM ARIEF SIRAJUDDIN"),
        ("Hj. St. Nurhaliza, S.Pd.", "SITI NURHALIZA"),
        ("H.M. Jusuf Kalla", "MUHAMMAD JUSUF KALLA"),

        // Balinese
        ("I Made Mangku Pastika", "I MADE MANGKU PASTIKA"),
        ("I Md. Sudarma", "I MD SUDARMA"),
        ("Ni Luh Putu Ary Pertami Djelantik", "NI LUH PUTU ARY PERTAMI JELANTIK"),
        ("Ir. Ida Bagus Rai Dharmawijaya Mantra, M.Si.", "IDA BAGUS RAI DHARMAWIJAYA MANTRA"),
        ("Anak Agung Gde Agung", "ANAK AGUNG GDE AGUNG"),

        // Acehnese: Teuku / Tengku / Cut are kept
        ("Teuku Umar", "TEUKU UMAR"),
        ("Cut Nyak Dhien", "CUT NYAK DHIEN"),
        ("Tengku Muhammad Daud Beureueh", "TENGKU MUHAMMAD DAUD BEUREUEH"),
        ("T. Nyak Arief", "T NYAK ARIEF"),
        ("Tjut Nyak Dhien", "CUT NYAK DHIEN"),

        // Chinese-Indonesian
        ("Tan Hok Liong (陈福龙)", "TAN HOK LIONG"),
        ("Liem Sioe Liong", "LIEM SIU LIONG"),
        ("Oei Hui Lan", "UI HUI LAN"),
        ("Basuki Tjahaja Purnama", "BASUKI CAHAYA PURNAMA"),
        ("Chandra Wijaya", "KHANDRA WIJAYA"),
        ("Kwik Kian Gie, M.B.A.", "KWIK KIAN GIE"),

        // Arabic-origin, spelling variants
        ("K.H. Ma'ruf Amin", "MARUF AMIN"),
        ("Ma’ruf Amin", "MARUF AMIN"),
        ("KH Abdurrahman Wahid", "ABDURRAHMAN WAHID"),
        ("K. H. Ahmad Dahlan", "AHMAD DAHLAN"),
        ("Achmad Fauzi", "AHMAD FAUZI"),
        ("Akhmad Fauzi", "AHMAD FAUZI"),
        ("Abd. Rahman", "ABDUL RAHMAN"),
        ("Abdul-Rahman", "ABDUL RAHMAN"),
        ("Mochammad Nuh", "MUHAMMAD NUH"),
        ("Moch. Ridwan", "MUHAMMAD RIDWAN"),
        ("Mhd. Yusuf", "MUHAMMAD YUSUF"),
        ("M. Yusuf", "MUHAMMAD YUSUF"),
        ("M Yusuf", "MUHAMMAD YUSUF"),
        ("Muhammed Al-Fatih", "MUHAMMAD AL FATIH"),
        ("Joesoef Ronodipoero", "YUSUF RONODIPURO"),
        ("Chairul Tanjung", "KHAIRUL TANJUNG"),
        ("Nurul Hidayah", "NURUL HIDAYAH"),
        ("Nur Hidayah", "NUR HIDAYAH"),
        ("Syarifah Aini Alhabsyi", "SYARIFAH AINI ALHABSYI"),

        // stacked titles and degrees
        ("Prof. Dr. Ir. H. Budi Santoso, S.H., M.Hum., Ph.D.", "BUDI SANTOSO"),
        ("Dra. Hj. Sri Rahayu, M.M.", "SRI RAHAYU"),
        ("BUDI SANTOSO, SE, MM", "BUDI SANTOSO"),
        ("BUDI SANTOSO SH MH", "BUDI SANTOSO"),
        ("Budi Santoso,S.H.,M.Kn", "BUDI SANTOSO"),
        ("Rina Marlina, A.Md.Keb", "RINA MARLINA"),
        ("Ns. Dewi Lestari, S.Kep", "DEWI LESTARI"),
        ("dr. Andi Fadli, Sp.OG(K)", "ANDI FADLI"),
        ("Dedi Kurniawan, S.Kom., M.Kom.", "DEDI KURNIAWAN"),
        ("Hasanuddin, Lc., M.A.", "HASANUDDIN"),
        ("Siti Aminah, S. Pd. I", "SITI AMINAH"),
        ("Ny. Sri Wahyuni", "SRI WAHYUNI"),
        ("Sdr. Agus", "AGUS"),
        ("Tn. Wahyu Hidayat", "WAHYU HIDAYAT"),
        ("Nn. Putri Ayu", "PUTRI AYU"),
        ("Almh. Hj. Fatimah", "FATIMAH"),
        ("Drs.H.M.Yusuf,S.H", "MUHAMMAD YUSUF"),
        ("Dr. (H.C.) Ir. Soekarno", "SUKARNO"),
        ("Megawati Soekarnoputri, Dr. (H.C.)", "MEGAWATI SUKARNOPUTRI"),
        ("Prof.Dr.dr. Siti Fadilah Supari, Sp.JP(K)", "SITI FADILAH SUPARI"),
        ("Ahmad S.Ag M.Pd.I", "AHMAD"),
        ("H. Abdoel Moeis", "ABDUL MUIS"),

        // position decides: ambiguous words kept where they cannot be titles or degrees
        ("Agus Haji Salim", "AGUS HAJI SALIM"),
        ("Haji", "HAJI"),
        ("H.", "H"),
        ("M.", "M"),
        ("Liu Ma", "LIU MA"),
        ("Budi St.", "BUDI"),
        // the first word is never read as a trailing degree: initials-only "M.T." must not vanish
        ("M.T.", "MT"),

        // case, spacing, punctuation, diacritics
        ("siti   nurhaliza", "SITI NURHALIZA"),
        ("SITI\u00A0NURHALIZA", "SITI NURHALIZA"),
        ("René Sumarni", "RENE SUMARNI"),
        ("Désy Ratnasari", "DESY RATNASARI"),
        ("Budi,,Santoso", "BUDI SANTOSO"),
        ("budi_santoso 2", "BUDI SANTOSO"),
        ("Wa\u200Bhyu", "WAHYU"),
    ];

    public static TheoryData<string?, string> Cases
    {
        get
        {
            var data = new TheoryData<string?, string>();
            foreach ((string? raw, string expected) in Table)
            {
                data.Add(raw, expected);
            }

            return data;
        }
    }

    // Inputs whose second pass would differ if a rule depended on context that the first pass removes.
    private static readonly string[] Traps =
    [
        "Hadji Agus Salim",
        "Dr., H. Budi",
        ", H. Budi",
        "H. Haji",
        "Haji H.",
        "S.H. Budi",
        "Budi, M.A. Santoso",
        "Budi S.H MA",
        "Addjoko",
        "Tjhin Bun Kiat",
        "St.",
        "Budi, Ch",
        "ABDUL, ABD",
    ];

    public static TheoryData<string> IdempotenceTraps => new(Traps);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalise_ProducesExactKey(string? raw, string expected)
    {
        Assert.Equal(expected, IndonesianNameNormaliser.Normalise(raw).Normalised);
    }

    [Fact]
    public void Cases_TableHasAtLeastSeventyEntries()
    {
        Assert.True(Table.Length >= 70, $"only {Table.Length} cases");
    }

    [Fact]
    public void Normalise_IsIdempotent_OverWholeTable()
    {
        var inputs = Table.Select(row => row.Raw).Concat(Traps).ToList();
        Assert.True(inputs.Count >= 70);

        var failures = new List<string>();
        foreach (string? raw in inputs)
        {
            string once = IndonesianNameNormaliser.Normalise(raw).Normalised;
            string twice = IndonesianNameNormaliser.Normalise(once).Normalised;
            if (once != twice)
            {
                failures.Add($"'{raw}' -> '{once}' -> '{twice}'");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(IdempotenceTraps))]
    public void Normalise_IsIdempotent_OnContextDependentInputs(string raw)
    {
        string once = IndonesianNameNormaliser.Normalise(raw).Normalised;
        Assert.Equal(once, IndonesianNameNormaliser.Normalise(once).Normalised);
    }

    [Theory]
    [InlineData("Prof. Dr. Ir. H. Budi Santoso, S.H., M.Hum., Ph.D.", "PROF DR IR H SH MHUM PHD")]
    [InlineData("Hj. St. Nurhaliza, S.Pd.", "HJ SPD")]
    [InlineData("K. H. Ahmad Dahlan", "KH")]
    [InlineData("R.A. Kartini", "RA")]
    [InlineData("Hadji Agus Salim", "HADJI")]
    [InlineData("dr. Andi Fadli, Sp.OG(K)", "DR SPOGK")]
    [InlineData("Siti Aminah, S. Pd. I", "SPDI")]
    [InlineData("Rina Marlina, A.Md.Keb", "AMDKEB")]
    [InlineData("BUDI SANTOSO SH MH", "SH MH")]
    [InlineData("Budi, Dr.", "DR")]
    [InlineData("Megawati Soekarnoputri, Dr. (H.C.)", "DR HC")]
    [InlineData("Ns. Dewi Lestari, S.Kep", "NS SKEP")]
    [InlineData("Budi Santoso", "")]
    [InlineData("Agus Haji Salim", "")]
    [InlineData(null, "")]
    public void Normalise_ReportsRemovedTitlesInOrder(string? raw, string expected)
    {
        string[] expectedTitles = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expectedTitles, IndonesianNameNormaliser.Normalise(raw).RemovedTitles);
    }

    [Fact]
    public void Normalise_SamePersonWithTitlesAndAbbreviation_EqualsPlainName()
    {
        NormalisedName decorated = IndonesianNameNormaliser.Normalise("Hj. St. Nurhaliza, S.Pd.");
        NormalisedName plain = IndonesianNameNormaliser.Normalise("SITI NURHALIZA");

        Assert.Equal("SITI NURHALIZA", plain.Normalised);
        Assert.Equal(plain.Normalised, decorated.Normalised);
    }

    [Theory]
    [InlineData("Hj. St. Nurhaliza, S.Pd.", "SITI NURHALIZA")]
    [InlineData("H.M. Jusuf Kalla", "Muhammad Jusuf Kalla")]
    [InlineData("Ir. H. Djoko Widodo", "JOKO WIDODO")]
    [InlineData("Moch. Ridwan, S.E., M.M.", "Mohamad Ridwan")]
    [InlineData("Tjahjono", "Cahyono")]
    [InlineData("Soekarno", "SUKARNO")]
    [InlineData("Achmad Sjafii", "Ahmad Syafii")]
    [InlineData("Abd. Rahman", "Abdul-Rahman")]
    [InlineData("K. H. Ma'ruf Amin", "KH MARUF AMIN")]
    [InlineData("R. Soeprapto", "Raden Suprapto")]
    [InlineData("Chairul Tanjung", "Khairul Tanjung")]
    [InlineData("Tjut Nyak Dhien", "Cut Nyak Dhien")]
    [InlineData("BUDI SANTOSO SH", "Budi Santoso, S.H.")]
    public void Normalise_VariantsOfSamePerson_AreEqual(string first, string second)
    {
        string a = IndonesianNameNormaliser.Normalise(first).Normalised;
        string b = IndonesianNameNormaliser.Normalise(second).Normalised;

        Assert.NotEqual("", a);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("Nurul Hidayah", "Nur Hidayah")]
    [InlineData("Joko Susilo", "Yoko Susilo")]
    [InlineData("Sanjaya", "Sanyaya")]
    [InlineData("I Md. Sudarma", "I M. Sudarma")]
    [InlineData("Budi S.", "Budi")]
    public void Normalise_DifferentNames_StayDistinct(string first, string second)
    {
        Assert.NotEqual(
            IndonesianNameNormaliser.Normalise(first).Normalised,
            IndonesianNameNormaliser.Normalise(second).Normalised);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalise_TokensAreTheKeySplitOnSpaces(string? raw, string expected)
    {
        NormalisedName result = IndonesianNameNormaliser.Normalise(raw);

        string[] expectedTokens = expected.Length == 0 ? [] : expected.Split(' ');
        Assert.Equal(expectedTokens, result.Tokens);
        Assert.Equal(raw ?? "", result.Original);
    }

    [Fact]
    public void Normalise_Null_GivesEmptyResult()
    {
        NormalisedName result = IndonesianNameNormaliser.Normalise(null);

        Assert.Equal("", result.Original);
        Assert.Equal("", result.Normalised);
        Assert.Empty(result.Tokens);
        Assert.Empty(result.RemovedTitles);
    }

    [Fact]
    public void Normalise_MalformedOrForeignText_NeverThrowsAndGivesUpperAsciiWords()
    {
        // Built in code: attribute arguments are stored as UTF-8, which cannot carry lone surrogates.
        string[] inputs =
        [
            "Budi \uD800 Santoso",
            "\uDC00",
            "Budi\u0000\u0007Santoso",
            "\uFFFF\uFFFE",
            "\uD83D\uDE00 Siti \uD83D\uDE00",
            "\u0621 \u0628 \u062A",
            new string('.', 500),
        ];

        foreach (string raw in inputs)
        {
            string key = IndonesianNameNormaliser.Normalise(raw).Normalised;
            Assert.Matches("^([A-Z]+( [A-Z]+)*)?$", key);
        }

        Assert.Equal("BUDI SANTOSO", IndonesianNameNormaliser.Normalise(inputs[0]).Normalised);
        Assert.Equal("SITI", IndonesianNameNormaliser.Normalise(inputs[4]).Normalised);
    }

    [Fact]
    public void Normalise_VeryLongInput_IsHandled()
    {
        string raw = string.Concat(Enumerable.Repeat("Budi ", 10_000));

        NormalisedName result = IndonesianNameNormaliser.Normalise(raw);

        Assert.Equal(10_000, result.Tokens.Count);
        Assert.All(result.Tokens, t => Assert.Equal("BUDI", t));

        string manyDegrees = "Budi" + string.Concat(Enumerable.Repeat(", S.H. M.M", 5_000));
        NormalisedName degrees = IndonesianNameNormaliser.Normalise(manyDegrees);
        Assert.Equal("BUDI", degrees.Normalised);
        Assert.Equal(10_000, degrees.RemovedTitles.Count);
    }
}
