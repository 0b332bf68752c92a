namespace IntegrationHub.Core.Synthetic;

/// <summary>Street, hamlet and housing-estate names for synthetic addresses; compiled by hand.</summary>
internal static class AddressPools
{
    // National heroes, kingdoms, flowers and trees: the names every Indonesian town reuses.
    internal static readonly string[] StreetNames =
    [
        "SUDIRMAN", "AHMAD YANI", "DIPONEGORO", "GATOT SUBROTO", "IMAM BONJOL", "PAHLAWAN", "MERDEKA", "KARTINI", "PATTIMURA", "HASANUDDIN",
        "GAJAH MADA", "HAYAM WURUK", "TEUKU UMAR", "CUT NYAK DIEN", "SUPRAPTO", "MT HARYONO", "DI PANJAITAN", "S PARMAN", "SUTOMO", "WAHID HASYIM",
        "KH AHMAD DAHLAN", "MH THAMRIN", "VETERAN", "PEMUDA", "MELATI", "MAWAR", "ANGGREK", "KENANGA", "CEMPAKA", "DAHLIA",
        "FLAMBOYAN", "BERINGIN", "MANGGA", "RAMBUTAN", "DURIAN", "NANGKA", "JAMBU", "KAMBOJA", "TERATAI", "SEROJA",
        "NUSANTARA", "PROKLAMASI", "PANCASILA", "SISINGAMANGARAJA", "PANGERAN ANTASARI", "SULTAN AGUNG", "RADEN SALEH", "SILIWANGI", "DR WAHIDIN", "DEWI SARTIKA",
        "SAM RATULANGI", "YOS SUDARSO", "ADI SUCIPTO", "MAJAPAHIT", "SRIWIJAYA", "MATARAM", "PELITA", "BHAYANGKARA", "PENDIDIKAN", "KESEHATAN",
        "PASAR BARU", "STASIUN", "PERINTIS KEMERDEKAAN", "KAPTEN TENDEAN", "SUKARNO HATTA", "JENDERAL URIP SUMOHARJO", "HOS COKROAMINOTO", "KI HAJAR DEWANTARA", "RA KARTINI", "PERJUANGAN",
    ];

    internal static readonly string[] GangNames =
    [
        "MAWAR", "MELATI", "MASJID", "MUSHOLA", "SAWO", "SALAK", "DAMAI", "RUKUN", "SEJAHTERA", "BUNTU",
        "MANGGIS", "KENARI", "SEPAKAT", "AMAL", "BAHAGIA", "SEHATI", "H. SARIP", "H. MUHI", "KELUARGA", "MANGGA",
        "DUKU", "BELIMBING", "ANGGUR", "CEMPEDAK", "SUKUN", "SEMANGKA", "PETA", "MURNI", "SETIA", "BERSAMA",
    ];

    // Javanese hamlet (dusun) names.
    internal static readonly string[] JavaneseHamlets =
    [
        "KRAJAN", "KARANGANYAR", "SIDOMULYO", "SUMBERSARI", "TEGALREJO", "SIDOREJO", "KARANGREJO", "MARGOMULYO", "KEBONSARI", "BANJARSARI",
        "NGASEM", "PUCANGAN", "WONOREJO", "GEDANGAN", "KEDUNGREJO", "SUMBERAGUNG", "NGEMPLAK", "DUKUH", "TAMBAKREJO", "KALIPANG",
        "JATIREJO", "SUKOREJO", "PLOSOREJO", "KARANGSARI", "NGAGLIK", "KEMBANGAN", "TEGALSARI", "DAWUNG", "GONDANG", "SENDANG",
    ];

    // Sundanese and Bantenese kampung names.
    internal static readonly string[] SundaneseKampungs =
    [
        "SUKAMAJU", "SUKAJADI", "MEKARSARI", "SUKAMULYA", "CIBODAS", "CIKALONG", "BABAKAN", "CITEUREUP", "SUKASARI", "SINDANGSARI",
        "TANJUNGSARI", "MEKARJAYA", "JATIMULYA", "CIPAYUNG", "CILEUNGSI", "PASIRJAYA", "SUKARESMI", "CIHERANG", "CIMANGGU", "LEUWILIANG",
        "SINDANGLAYA", "CIJERUK", "PANGKALAN", "KADUPANDAK", "SUKAWANGI", "CIKUPA", "NANGGERANG", "RANCABALI", "SUKALAKSANA", "CIBEUREUM",
    ];

    // Hamlet names common in Sumatra, Kalimantan and Sulawesi, including transmigration settlements.
    internal static readonly string[] OuterHamlets =
    [
        "SUKA MAJU", "SIDO MULYO", "KAMPUNG BARU", "TANJUNG", "PASAR", "MEKAR JAYA", "SUMBER REJO", "BUKIT INDAH", "SUNGAI DUA", "SIMPANG TIGA",
        "KARYA MAKMUR", "MULYA JAYA", "BATU AMPAR", "PADANG", "SUKA DAMAI", "LESTARI", "TELUK", "SEI RAMPAH", "TANAH MERAH", "BANGUN REJO",
    ];

    // Balinese banjar: by direction (kaja/kelod/kangin/kauh) or age (anyar/tegeh), often with the village's name.
    internal static readonly string[] BalineseBanjars =
    [
        "KAJA", "KELOD", "KANGIN", "KAUH", "TENGAH", "ANYAR", "DAUH PURI", "DANGIN PURI", "PANDE", "PASEK",
        "DELOD PEKEN", "DAJAN PEKEN", "TEGAL", "SEKAR", "PEGUYANGAN", "DINAS KAJA KANGIN", "DINAS KELOD KAUH", "BUALU", "TAMAN", "BATAN NYUH",
    ];

    internal static readonly string[] HousingPrefixes = ["GRIYA", "BUMI", "TAMAN", "PONDOK", "VILLA", "GRAHA", "CITRA", "PURI", "NUANSA", "KOTA"];

    internal static readonly string[] HousingSuffixes =
    [
        "ASRI", "INDAH", "PERMAI", "LESTARI", "SEJAHTERA", "MAS", "HIJAU", "RAYA", "KENCANA", "MUTIARA",
        "SARI", "HARAPAN", "ANGGREK", "CEMPAKA", "NUSANTARA", "MANDIRI", "SENTOSA", "ELOK", "DAMAI", "PESONA",
    ];

    internal static readonly string[] RomanNumerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
}
