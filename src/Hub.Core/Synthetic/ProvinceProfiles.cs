using static IntegrationHub.Core.Synthetic.NameGroup;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Per-province religion shares and naming traditions: rounded from the Kemenag/Dukcapil religion statistics
/// and the census ethnicity tables, close enough for synthetic data, not for reporting.
/// </summary>
internal static class ProvinceProfiles
{
    /// <summary>Percent shares in the order of <see cref="Religions.All"/>: islam, kristen, katolik, hindu, buddha, khonghucu, kepercayaan.</summary>
    public static double[] ReligionWeights(string province) => province switch
    {
        "11" => [98.6, 1.0, 0.1, 0.01, 0.25, 0.01, 0.01],
        "12" => [64.5, 27.0, 5.7, 0.1, 2.4, 0.05, 0.2],
        "13" => [98.6, 0.8, 0.4, 0.01, 0.15, 0.01, 0.01],
        "14" => [87.0, 8.5, 1.2, 0.05, 2.9, 0.3, 0.02],
        "15" => [95.3, 2.6, 0.5, 0.05, 1.4, 0.1, 0.02],
        "16" => [97.0, 1.0, 0.5, 0.2, 1.2, 0.05, 0.01],
        "17" => [97.6, 1.4, 0.4, 0.3, 0.2, 0.02, 0.01],
        "18" => [95.5, 1.5, 1.2, 1.0, 0.7, 0.02, 0.01],
        "19" => [89.8, 1.6, 1.2, 0.1, 5.0, 2.3, 0.01],
        "21" => [79.5, 10.4, 2.0, 0.1, 7.6, 0.3, 0.01],
        "31" => [83.9, 8.6, 3.9, 0.2, 3.2, 0.1, 0.01],
        "32" => [97.3, 1.8, 0.5, 0.02, 0.4, 0.02, 0.01],
        "33" => [97.3, 1.6, 0.9, 0.05, 0.1, 0.01, 0.05],
        "34" => [92.8, 2.6, 4.4, 0.1, 0.1, 0.01, 0.02],
        "35" => [97.2, 1.8, 0.6, 0.3, 0.1, 0.01, 0.02],
        "36" => [94.6, 2.9, 0.9, 0.1, 1.4, 0.05, 0.05],
        "51" => [10.1, 1.7, 0.8, 86.9, 0.5, 0.01, 0.01],
        "52" => [96.8, 0.2, 0.1, 2.7, 0.2, 0.01, 0.01],
        "53" => [9.7, 36.0, 53.6, 0.2, 0.02, 0.01, 0.5],
        "61" => [60.0, 11.5, 22.0, 0.1, 5.4, 1.0, 0.02],
        "62" => [74.0, 16.5, 3.0, 6.0, 0.3, 0.01, 0.2],
        "63" => [97.0, 1.3, 0.5, 0.4, 0.3, 0.01, 0.5],
        "64" => [88.5, 7.5, 3.0, 0.2, 0.7, 0.02, 0.01],
        "65" => [72.0, 23.0, 4.0, 0.1, 0.8, 0.02, 0.01],
        "71" => [31.0, 63.0, 4.4, 0.6, 0.2, 0.2, 0.05],
        "72" => [78.0, 17.0, 0.7, 3.8, 0.3, 0.01, 0.01],
        "73" => [89.6, 7.6, 1.5, 0.7, 0.3, 0.01, 0.2],
        "74" => [95.6, 1.5, 0.4, 2.2, 0.1, 0.01, 0.01],
        "75" => [98.0, 1.7, 0.1, 0.1, 0.05, 0.01, 0.01],
        "76" => [84.0, 14.5, 0.5, 0.3, 0.05, 0.01, 0.01],
        "81" => [52.0, 41.0, 6.5, 0.1, 0.1, 0.01, 0.01],
        "82" => [76.5, 22.5, 0.7, 0.05, 0.1, 0.01, 0.01],
        "91" => [20.0, 69.5, 10.0, 0.1, 0.2, 0.01, 0.01],
        "92" => [38.0, 54.5, 7.0, 0.1, 0.2, 0.01, 0.01],
        "93" => [25.0, 22.5, 52.0, 0.1, 0.2, 0.01, 0.01],
        "94" => [10.0, 67.8, 22.0, 0.05, 0.1, 0.01, 0.01],
        "95" => [2.0, 84.8, 13.0, 0.05, 0.05, 0.01, 0.01],
        "96" => [38.0, 54.5, 7.0, 0.1, 0.2, 0.01, 0.01],
        _ => [87.0, 7.4, 3.1, 1.7, 0.7, 0.05, 0.05],
    };

    /// <summary>Naming traditions among the province's Muslims (locals and long-settled migrants).</summary>
    public static (NameGroup Group, double Weight)[] MuslimGroups(string province) => province switch
    {
        "11" => [(Acehnese, 82), (Malay, 6), (Javanese, 8), (Batak, 2), (Minang, 2)],
        "12" => [(Batak, 40), (Javanese, 33), (Malay, 20), (Minang, 5), (Acehnese, 2)],
        "13" => [(Minang, 88), (Javanese, 5), (Batak, 5), (Malay, 2)],
        "14" => [(Malay, 40), (Javanese, 27), (Minang, 17), (Batak, 12), (Bugis, 4)],
        "15" => [(Malay, 55), (Javanese, 28), (Minang, 10), (Sundanese, 4), (Bugis, 3)],
        "16" => [(Malay, 68), (Javanese, 27), (Sundanese, 3), (Minang, 2)],
        "17" => [(Malay, 58), (Javanese, 25), (Minang, 8), (Sundanese, 6), (Batak, 3)],
        "18" => [(Javanese, 62), (Malay, 20), (Sundanese, 12), (Minang, 3), (Bugis, 3)],
        "19" => [(Malay, 80), (Javanese, 10), (Bugis, 6), (Minang, 4)],
        "21" => [(Malay, 45), (Javanese, 22), (Minang, 12), (Batak, 10), (Bugis, 8), (Sundanese, 3)],
        "31" => [(Betawi, 28), (Javanese, 36), (Sundanese, 16), (Minang, 7), (Batak, 3), (Malay, 7), (Bugis, 2), (Acehnese, 1)],
        "32" => [(Sundanese, 84), (Javanese, 11), (Betawi, 5)],
        "33" or "34" or "35" => [(Javanese, 98), (Sundanese, 1), (Malay, 1)],
        "36" => [(Sundanese, 50), (Javanese, 26), (Betawi, 21), (Minang, 2), (Batak, 1)],
        "51" => [(Javanese, 65), (Malay, 15), (Bugis, 15), (Sundanese, 5)],
        "52" => [(Malay, 85), (Bugis, 8), (Javanese, 7)],
        "53" => [(Malay, 45), (Bugis, 35), (Javanese, 20)],
        "61" => [(Malay, 70), (Javanese, 18), (Bugis, 8), (Sundanese, 2), (Minang, 2)],
        "62" => [(Malay, 50), (Javanese, 35), (Bugis, 10), (Sundanese, 5)],
        "63" => [(Malay, 80), (Javanese, 15), (Bugis, 5)],
        "64" => [(Javanese, 35), (Malay, 30), (Bugis, 30), (Sundanese, 5)],
        "65" => [(Bugis, 35), (Malay, 35), (Javanese, 30)],
        "71" => [(Malay, 70), (Bugis, 15), (Javanese, 15)],
        "72" => [(Malay, 45), (Bugis, 40), (Javanese, 15)],
        "73" => [(Bugis, 95), (Javanese, 5)],
        "74" => [(Bugis, 75), (Javanese, 15), (Malay, 10)],
        "75" => [(Malay, 90), (Bugis, 7), (Javanese, 3)],
        "76" => [(Bugis, 90), (Javanese, 10)],
        "81" => [(Ambonese, 60), (Bugis, 20), (Malay, 10), (Javanese, 10)],
        "82" => [(Ambonese, 40), (Malay, 35), (Bugis, 15), (Javanese, 10)],
        "91" or "92" or "93" or "94" or "95" or "96" => [(Javanese, 45), (Bugis, 35), (Malay, 10), (Ambonese, 5), (Papuan, 5)],
        _ => [(Javanese, 50), (Malay, 50)],
    };

    /// <summary>Naming traditions among the province's Protestants and Catholics.</summary>
    public static (NameGroup Group, double Weight)[] ChristianGroups(string province) => province switch
    {
        "11" => [(Batak, 80), (Christian, 20)],
        "12" => [(Batak, 88), (Christian, 7), (Chinese, 5)],
        "13" or "14" or "15" or "16" or "17" or "19" or "21" => [(Batak, 50), (Christian, 25), (Chinese, 25)],
        "18" => [(Christian, 60), (Batak, 25), (Chinese, 15)],
        "31" => [(Christian, 35), (Batak, 25), (Chinese, 25), (Manado, 8), (Ambonese, 4), (NusaTenggara, 3)],
        "32" or "36" => [(Christian, 40), (Batak, 25), (Chinese, 25), (Manado, 5), (Ambonese, 5)],
        "33" or "34" or "35" => [(Christian, 80), (Chinese, 15), (Batak, 5)],
        "51" => [(Christian, 40), (NusaTenggara, 25), (Chinese, 15), (Batak, 10), (Manado, 10)],
        "52" => [(NusaTenggara, 40), (Christian, 40), (Chinese, 20)],
        "53" => [(NusaTenggara, 97), (Chinese, 3)],
        "61" => [(Christian, 75), (Chinese, 20), (Batak, 5)],
        "62" => [(Christian, 85), (Batak, 10), (Chinese, 5)],
        "63" => [(Christian, 60), (Batak, 20), (Chinese, 20)],
        "64" or "65" => [(Christian, 55), (Toraja, 20), (Batak, 10), (NusaTenggara, 10), (Chinese, 5)],
        "71" => [(Manado, 95), (Chinese, 5)],
        "72" => [(Christian, 50), (Toraja, 20), (Manado, 20), (Chinese, 10)],
        "73" => [(Toraja, 85), (Chinese, 10), (Manado, 5)],
        "74" => [(Christian, 50), (Toraja, 30), (Manado, 10), (Chinese, 10)],
        "75" => [(Manado, 70), (Chinese, 30)],
        "76" => [(Toraja, 80), (Christian, 20)],
        "81" => [(Ambonese, 90), (Chinese, 5), (NusaTenggara, 5)],
        "82" => [(Ambonese, 60), (Manado, 30), (Chinese, 10)],
        "91" or "92" or "93" or "94" or "95" or "96" => [(Papuan, 82), (Ambonese, 7), (Manado, 5), (Toraja, 3), (NusaTenggara, 3)],
        _ => [(Christian, 60), (Batak, 20), (Chinese, 20)],
    };

    /// <summary>Naming traditions among Hindus: Balinese, plus Javanese (Tengger) and Dayak Kaharingan.</summary>
    public static (NameGroup Group, double Weight)[] HinduGroups(string province) => province switch
    {
        "51" or "52" => [(Balinese, 100)],
        "33" or "34" or "35" => [(Balinese, 40), (Javanese, 60)],
        "62" => [(Malay, 80), (Balinese, 20)],
        _ => [(Balinese, 80), (Javanese, 20)],
    };

    /// <summary>Naming traditions among Buddhists and Confucians: mostly Chinese-Indonesian.</summary>
    public static (NameGroup Group, double Weight)[] BuddhistGroups(string province) => province switch
    {
        "33" or "34" or "35" => [(Chinese, 80), (Javanese, 20)],
        "51" => [(Chinese, 70), (Balinese, 30)],
        _ => [(Chinese, 100)],
    };

    /// <summary>Naming traditions among followers of indigenous faiths (Parmalim, Marapu, Kejawen, Sunda Wiwitan...).</summary>
    public static (NameGroup Group, double Weight)[] IndigenousFaithGroups(string province) => province switch
    {
        "12" => [(Batak, 100)],
        "53" => [(NusaTenggara, 100)],
        "33" or "34" or "35" => [(Javanese, 100)],
        "32" or "36" => [(Sundanese, 100)],
        "51" => [(Balinese, 100)],
        "91" or "92" or "93" or "94" or "95" or "96" => [(Papuan, 100)],
        "71" => [(Manado, 100)],
        _ => [MuslimGroups(province)[0]],
    };

    /// <summary>
    /// Where a naming tradition comes from, so that migrants elsewhere are often born there; empty for traditions
    /// spread across the country.
    /// </summary>
    public static string[] HomeProvinces(NameGroup group) => group switch
    {
        Javanese => ["33", "34", "35"],
        Sundanese => ["32", "36"],
        Betawi => ["31"],
        Malay => ["14", "16", "61", "63", "15"],
        Minang => ["13"],
        Acehnese => ["11"],
        Batak => ["12"],
        Bugis => ["73", "74", "76"],
        Balinese => ["51"],
        Manado => ["71"],
        Papuan => ["91", "92", "93", "94", "95", "96"],
        Ambonese => ["81", "82"],
        NusaTenggara => ["53"],
        Toraja => ["73"],
        _ => [],
    };

    /// <summary>Provinces where fishing is a common livelihood outside the cities.</summary>
    public static bool IsCoastal(string province) => province is "19" or "21" or "52" or "53" or "64" or "65" or "71" or "72"
        or "73" or "74" or "75" or "76" or "81" or "82" or "92" or "96";

    /// <summary>
    /// The two-digit postal prefixes Pos Indonesia uses in the province; a district's synthetic postal code starts
    /// with one of them so that codes look regionally right.
    /// </summary>
    public static string[] PostalPrefixes(string province) => province switch
    {
        "11" => ["23", "24"],
        "12" => ["20", "21", "22"],
        "13" => ["25", "26", "27"],
        "14" => ["28"],
        "15" => ["36", "37"],
        "16" => ["30", "31", "32"],
        "17" => ["38", "39"],
        "18" => ["34", "35"],
        "19" => ["33"],
        "21" => ["29"],
        "31" => ["10", "11", "12", "13", "14"],
        "32" => ["16", "17", "40", "41", "43", "44", "45", "46"],
        "33" => ["50", "51", "52", "53", "54", "56", "57", "58", "59"],
        "34" => ["55"],
        "35" => ["60", "61", "62", "63", "64", "65", "66", "67", "68", "69"],
        "36" => ["15", "42"],
        "51" => ["80", "81", "82"],
        "52" => ["83", "84"],
        "53" => ["85", "86", "87"],
        "61" => ["78", "79"],
        "62" => ["73", "74"],
        "63" => ["70", "71", "72"],
        "64" => ["75", "76", "77"],
        "65" => ["77"],
        "71" => ["95"],
        "72" => ["94"],
        "73" => ["90", "91", "92"],
        "74" => ["93"],
        "75" => ["96"],
        "76" => ["91"],
        "81" or "82" => ["97"],
        "92" or "94" or "96" => ["98"],
        _ => ["99"],
    };
}
