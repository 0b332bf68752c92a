namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Common Indonesian given names and family names by naming tradition, upper case as Dukcapil writes them.
/// Compiled by hand for synthetic data; spellings follow what is usual on KTPs, including regional variants.
/// </summary>
internal static class NamePools
{
    // ---- Arabic-origin names, used by Muslims everywhere ----

    internal static readonly string[] ArabicMale =
    [
        "AHMAD", "ABDULLAH", "YUSUF", "IBRAHIM", "ISMAIL", "HASAN", "HUSEIN", "ALI", "UMAR", "USMAN",
        "HAMZAH", "ZAINAL", "ARIFIN", "RIDWAN", "HIDAYAT", "SYAIFUL", "FAUZI", "RAHMAN", "HAKIM", "HAMID",
        "SALEH", "MAHMUD", "MUSTAFA", "ILYAS", "IDRIS", "YAHYA", "ZAKARIA", "SULAIMAN", "ISKANDAR", "JAMALUDIN",
        "NASRUDIN", "SYAMSUDIN", "FIRDAUS", "RASYID", "NURDIN", "SOLEH", "KHOIRUL", "IMRON", "ZULKIFLI", "FAHMI",
        "LUTFI", "HABIBI", "RIFAI", "ANWAR", "BAHRUDIN", "SAIFUDIN", "ZAINUDIN", "JUNAIDI", "IRFAN", "AMIN",
        "TAUFIK", "NASIR", "KARIM", "HAFIZ", "MA'RUF", "MUHLISIN", "SYARIF", "FAISAL", "ILHAM", "JAMIL",
    ];

    internal static readonly string[] AbdulSuffix =
    [
        "RAHMAN", "RAHIM", "AZIZ", "HAKIM", "MALIK", "GHANI", "KADIR", "LATIF", "HALIM", "WAHAB",
        "MAJID", "KARIM", "GAFUR", "SALAM", "HAMID", "MANAN", "JALIL", "RAZAK", "MUIS", "ROZAK",
        "SOMAD", "MUTHALIB", "WAHID", "RAUF", "QODIR",
    ];

    internal static readonly string[] ArabicFemale =
    [
        "AMINAH", "FATIMAH", "KHADIJAH", "ZAINAB", "AISYAH", "MARYAM", "HALIMAH", "RAHMAH", "KHOIRIYAH", "MASITOH",
        "MUNAWAROH", "MUSLIMAH", "SALAMAH", "SOLEHAH", "ZULAIKHA", "HAJAR", "ROHIMAH", "NAFISAH", "HANIFAH", "LATIFAH",
        "MUTMAINAH", "QOMARIYAH", "ROFIQOH", "SYARIFAH", "UMI KALSUM", "ZUBAIDAH", "HASANAH", "NURJANAH", "KHOTIMAH", "MUFIDAH",
        "ASIYAH", "SAFIYAH", "JAMILAH", "NAJWA", "AZIZAH", "FAIZAH", "MAIMUNAH", "ROHMAH", "SA'DIYAH", "HABIBAH",
        "ULFAH", "HUSNA", "ALFIYAH", "MARFUAH", "ZAHRO",
    ];

    internal static readonly string[] NurSuffix =
    [
        "HIDAYAH", "AINI", "HASANAH", "LAILA", "FADILAH", "ASIAH", "JANNAH", "HAYATI", "AZIZAH", "KHOLIFAH",
        "ISNAINI", "FITRIANI", "HALIMAH", "INDAH", "RAHMAWATI", "ULFA", "AFIFAH", "KHASANAH", "SYAFITRI", "AMALIA",
        "HIKMAH", "IZZAH", "MUKAROMAH", "LATIFAH", "SAADAH",
    ];

    // ---- Names usual for those born from the mid-1990s on, across Muslim-majority regions ----

    internal static readonly string[] ModernMale =
    [
        "RIZKY", "DIMAS", "ADITYA", "FAJAR", "ILHAM", "BAGUS", "GILANG", "YOGA", "RAFI", "FARHAN",
        "ARYA", "DAFFA", "RAKA", "ALIF", "NAUFAL", "ZIDAN", "HAFIZ", "ARKAN", "KEVIN", "ANGGA",
        "REZA", "RANGGA", "BAYU", "DANI", "FIKRI", "IQBAL", "AKBAR", "FADLI", "RIFQI", "RAIHAN",
        "AZKA", "FATHAN", "ABIMANYU", "BIMA", "SATRIA", "GALIH", "ARDI", "ANDIKA", "RENDY", "RIDHO",
        "YUDHA", "DAVA", "REVAN", "KENZO", "AFIF", "SYAHRUL", "FIRMAN", "WAHYU", "ALVIN", "DAFA",
    ];

    internal static readonly string[] ModernMaleLast =
    [
        "PRATAMA", "SAPUTRA", "RAMADHAN", "NUGRAHA", "WIJAYA", "PERMANA", "FIRMANSYAH", "HIDAYAT", "SETIAWAN", "KURNIAWAN",
        "PRASETYA", "MAULANA", "AKBAR", "PUTRA", "ALFARIZI", "ARDIANSYAH", "HIDAYATULLAH", "SYAHPUTRA", "NUGROHO", "WIBISONO",
        "PRADANA", "ADITAMA", "SANJAYA", "PRAYOGA", "MAHENDRA", "PERDANA", "ABDILLAH", "FAUZAN", "ARDANA", "SEPTIAN",
        "FEBRIANSYAH", "OKTAVIAN", "AGUSTIAN", "NOVIANTO", "ALFIAN", "SAPUTRO", "WARDANA", "RIZALDI", "ARDIAN", "KUSUMA",
    ];

    internal static readonly string[] ModernFemale =
    [
        "AYU", "PUTRI", "DEWI", "NAYLA", "AULIA", "SALSABILA", "ANISA", "DINDA", "INTAN", "FITRI",
        "NADIA", "ZAHRA", "KEYSHA", "ALYA", "TIARA", "AMELIA", "CITRA", "NABILA", "SYIFA", "DIAH",
        "RARA", "NOVITA", "INDAH", "DELLA", "VIRA", "ANGGI", "WIDYA", "SHINTA", "MEGA", "CINDY",
        "ANNISA", "KHANSA", "ADINDA", "NAURA", "AQILA", "HANA", "SALMA", "RAHMA", "NURUL", "DWI",
        "TRI", "EKA", "ALIFIA", "FARAH", "SEKAR",
    ];

    internal static readonly string[] ModernFemaleLast =
    [
        "LESTARI", "RAHAYU", "PUTRI", "RAMADHANI", "WULANDARI", "SAFITRI", "PERMATASARI", "NURHALIZA", "AZZAHRA", "KHAIRUNNISA",
        "OKTAVIANI", "PRATIWI", "ANGGRAINI", "MAHARANI", "KUSUMA", "AMALIA", "APRILIA", "FEBRIANTI", "SEPTIANI", "NOVIANTI",
        "AGUSTINA", "FITRIANI", "HANDAYANI", "PUSPITA", "CAHYANI", "ARDIANTI", "MELATI", "SARI", "AYUNINGTYAS", "KURNIAWATI",
        "RAHMADANI", "NABILA", "SALSABILA", "FADILLAH", "ANDINI", "LARASATI", "KIRANA", "AULIA", "SAPUTRI", "MEIDINA",
    ];

    // ---- Javanese ----

    // Single names, usual for those born before the 1980s.
    internal static readonly string[] JavaneseMononymMale =
    [
        "SUPARMAN", "SUKIRMAN", "PAIMIN", "SUGIYONO", "SUYATNO", "SLAMET", "TUKIMAN", "KARTO", "SUTRISNO", "SUPRIYADI",
        "WAGIMAN", "SUMARNO", "PARJO", "SUKARDI", "SUWARNO", "SAMIDI", "MARIJAN", "SUPARNO", "SUGENG", "KASMIN",
        "SARIMIN", "SUWITO", "SUHARTONO", "SUDARSONO", "PURWANTO", "RIYANTO", "JUMADI", "SUKIMIN", "WIDODO", "HARYANTO",
        "BAMBANG", "SUYANTO", "SUTARNO", "SUMADI", "SURATMAN", "TARMIN", "SUDARMAJI", "KASIMAN", "NGADIMAN", "SUKAMTO",
        "PONIMAN", "TUMIJO", "SUKIJO", "WARSITO", "SUMARDI", "SUPRAPTO", "MULYONO", "SISWANTO", "KARYONO", "SUDIRO",
        "WAGIRAN", "SURADI", "PARMIN", "DARSONO", "ROHMAT", "GIYANTO", "SUNARDI", "TUKIJO", "SUMIRAN", "MUJIONO",
    ];

    internal static readonly string[] JavaneseMononymFemale =
    [
        "SUMIATI", "PAINEM", "SUKINEM", "SUPARMI", "TUMIRAH", "SUWARNI", "WARSINAH", "SUMARNI", "SUPRIHATIN", "SUKARSIH",
        "SUTINAH", "PARINAH", "LASMI", "KATMI", "SURATMI", "TUGIYEM", "JUMINAH", "SARINAH", "SUMINI", "WAGIYEM",
        "SUYATMI", "NGATINI", "SUMIYATI", "PONIYEM", "SAMINAH", "KASIYEM", "MARSINAH", "SUKIYEM", "SUPARTI", "TRIMAH",
        "MUJIYEM", "SURTINAH", "KARSIH", "RUKMINI", "SUMIRAH", "SUPINAH", "NGATMINAH", "WARSIH", "SURATINI", "PARSIYEM",
        "SUWARTI", "ASIH", "DARMI", "SUNARTI", "KARTINI", "SUKESI", "MUNTAMAH", "RASMI", "TARMINAH", "TUKINAH",
    ];

    internal static readonly string[] JavaneseFirstMale =
    [
        "AGUS", "BUDI", "EKO", "DWI", "TRI", "ARIS", "HERU", "BAMBANG", "JOKO", "DIDIK",
        "SLAMET", "HARI", "TEGUH", "RUDI", "ANDI", "WAHYU", "DEDY", "YUDI", "ARIF", "HENDRO",
        "ADI", "BAYU", "IWAN", "ANTON", "SIGIT", "TONI", "DANANG", "ENDRO", "GATOT", "PRIYO",
        "WIDI", "YOGI", "SURYO", "ARI", "BENNY", "DODIK", "ERWIN", "FERRY", "HARIS", "INDRA",
        "KUKUH", "NANANG", "PUJI", "RAHMAT", "SETYO", "TOTOK", "WAWAN", "LILIK", "ACHMAD", "DARMAJI",
    ];

    internal static readonly string[] JavaneseSecondMale =
    [
        "SANTOSO", "PRASETYO", "SUPRIYANTO", "SETIAWAN", "NUGROHO", "WIBOWO", "HIDAYAT", "KURNIAWAN", "SUSANTO", "PURNOMO",
        "HARTONO", "SUSILO", "WIJAYA", "SAPUTRO", "PRABOWO", "CAHYONO", "RAHARJO", "UTOMO", "SULISTYO", "WAHYUDI",
        "SETIYONO", "HANDOKO", "SUGIARTO", "SUHARTO", "PRIYANTO", "SUBAGYO", "WIDODO", "SUYANTO", "IRAWAN", "HERMAWAN",
        "GUNAWAN", "MULYADI", "SUPRIYADI", "PRAMONO", "YULIANTO", "DARMAWAN", "SETYAWAN", "HARYONO", "SUTRISNO", "KUSWANTO",
        "PRIHANTORO", "ARIYANTO", "BUDIMAN", "SAPUTRA", "FIRMANSYAH", "RIYADI", "SUNARYO", "SUMANTRI", "TRIYONO", "WALUYO",
    ];

    internal static readonly string[] JavaneseFirstFemale =
    [
        "SRI", "ENDANG", "DWI", "TRI", "EKA", "RINI", "YULI", "ANIK", "DEWI", "ENY",
        "WIWIK", "SUSI", "RATNA", "ANI", "ERNA", "NINING", "TUTIK", "IDA", "ITA", "YAYUK",
        "NANIK", "LILIK", "TITIK", "UMI", "ENDAH", "RETNO", "PUJI", "SUCI", "TUTI", "ISTI",
        "DIAN", "FITRI", "INDAH", "NOVI", "EVI", "YENI", "LINDA", "HENI", "RIA", "WULAN",
        "ATIK", "ERNI", "SITI", "NUR", "LUSI",
    ];

    internal static readonly string[] JavaneseSecondFemale =
    [
        "WAHYUNI", "RAHAYU", "LESTARI", "HANDAYANI", "MULYANI", "SUSANTI", "WULANDARI", "PURWANINGSIH", "RAHMAWATI", "SETYOWATI",
        "KUSUMAWATI", "ASTUTI", "SUNDARI", "MARYATI", "SUPRIYATI", "UTAMI", "HARYANTI", "NINGSIH", "PUSPITASARI", "KURNIASIH",
        "SULISTYOWATI", "WIDYASTUTI", "SETIYANINGSIH", "PRATIWI", "HARTATI", "SURYANI", "YULIANTI", "INDRIYANI", "WIDAYATI", "SUSILOWATI",
        "ARIYANI", "NURHAYATI", "MARYANI", "WIJAYANTI", "PUJIASTUTI", "SULASTRI", "SUPARTINI", "LISTYANINGSIH", "RETNOWATI", "SAFITRI",
        "FATMAWATI", "SETIAWATI", "ROHMAWATI", "HIDAYATI", "WINARSIH", "MURNI", "WINARNI", "KUSRINI", "SUMARNI", "ANGGRAENI",
    ];

    // ---- Sundanese ----

    internal static readonly string[] SundaneseMale =
    [
        "ASEP", "UJANG", "DEDE", "CECEP", "ENDANG", "DADANG", "UDIN", "YAYAT", "JAJANG", "OMAN",
        "ADE", "DENI", "AGUS", "ENCEP", "ENDIN", "DEDI", "ATENG", "KOMAR", "UCU", "NANANG",
        "ACENG", "ADANG", "AJAT", "AEP", "DADAN", "DUDUNG", "EMAN", "ENJANG", "HENDRA", "IWAN",
        "JAENAL", "KURNIA", "MAMAN", "NANA", "OTONG", "TATANG", "UNANG", "USEP", "YANA", "YADI",
        "YAYA", "YUDI", "YOYO", "WAWAN", "UUS", "DEDEN", "DODI", "ROHMAN", "ENDAN", "OPAN",
    ];

    internal static readonly string[] SundaneseSecondMale =
    [
        "SUPRIATNA", "HIDAYAT", "SUNANDAR", "SETIADI", "KUSNADI", "SURYANA", "SUHERMAN", "RUSMANA", "HERMAWAN", "SUTISNA",
        "PERMANA", "SAEPULOH", "SOBARI", "RUHIYAT", "SUKMANA", "NURDIN", "SOPYAN", "SUDRAJAT", "SAPUTRA", "GUNAWAN",
        "RUSTANDI", "MULYANA", "HERDIANA", "SUMARNA", "KOSASIH", "RUKMANA", "SUNARYA", "SURYADI", "ROHENDI", "SUPARMAN",
        "SETIAWAN", "JUANDA", "HAERUDIN", "MUHARAM", "ABDURAHMAN", "NUGRAHA", "KURNIAWAN", "FIRDAUS", "RAMDANI", "SOLIHIN",
        "ROSADI", "HENDRAYANA", "ARDIANSYAH", "SAPRUDIN", "MAULANA",
    ];

    internal static readonly string[] SundaneseFemale =
    [
        "NENENG", "EUIS", "IMAS", "ENTIN", "CICIH", "ELIS", "LILIS", "EUTIK", "ENENG", "NENG",
        "YAYAH", "NANI", "TITIN", "OOM", "ICIH", "IIS", "NINING", "ENUNG", "IDA", "YENI",
        "ENOK", "AAN", "ANI", "CUCU", "DEDEH", "EEN", "ELA", "EMAH", "ERNI", "ETI",
        "IKAH", "ITA", "KOKOM", "NUNUNG", "NENI", "TATI", "TETI", "YOYOH", "WIWIN", "MIMIN",
        "AI", "ELI", "ENDAH", "RINA", "NUR", "SITI", "ENCUM", "AAS",
    ];

    internal static readonly string[] SundaneseSecondFemale =
    [
        "NURHASANAH", "ROSMIATI", "SUMIATI", "MULYANI", "SUNARSIH", "KURNIASIH", "SOPIAH", "MARYANI", "RAHMAWATI", "NURAENI",
        "HERAWATI", "SUMARNI", "SUHARTINI", "KARTINI", "JUBAEDAH", "ROHAYATI", "HALIMAH", "KOMALASARI", "ROSDIANA", "HANDAYANI",
        "SURYANI", "NURLAELA", "SUKMAWATI", "PURNAMASARI", "FAUZIAH", "MARLINA", "NURJANAH", "HERLINA", "YULIANTI", "AMINAH",
        "WIDIANINGSIH", "RAHAYU", "SUSILAWATI", "RUKMINI", "TRESNAWATI", "AGUSTINA", "NURAINI", "ROHMAWATI", "SARTIKA", "MAEMUNAH",
        "AMALIA", "KARLINA", "RATNASARI",
    ];

    // ---- Betawi ----

    internal static readonly string[] BetawiMale =
    [
        "SAPRUDIN", "JUNAEDI", "MAMAT", "ROJALI", "SARIPUDIN", "SAMAN", "BASRI", "SAMSUDIN", "SANUSI", "MURSIDI",
        "HASBULLAH", "MADI", "JAENUDIN", "MUHIDIN", "NAWAWI", "ROHIDI", "SARMIN", "SAMAT", "SUEB", "HAMDANI",
        "MARZUKI", "NAIM", "ROJAK", "SAINI", "SAPEI", "SARIP", "SUKRI", "SYAMSURI", "TABRONI", "UDIN",
        "ASMAWI", "BURHAN", "DULLAH", "FADLI", "HAMDI", "JAYADI", "KHOLIL", "MAHFUD", "MUKHTAR", "RAHMAT",
        "ROMLI", "SAHRONI", "SARBINI", "UMAR", "ZAINI", "ANDI", "DEDI", "HENDRA", "ROBY", "IRWAN",
    ];

    internal static readonly string[] BetawiFemale =
    [
        "MUNAROH", "KHODIJAH", "ROHMAH", "MASTURA", "ROHAYA", "MARYAM", "NURHASANAH", "SARIPAH", "JULAEHA", "MAEMUNAH",
        "ROSIDAH", "SAMSIAH", "AISYAH", "HINDUN", "MASNAH", "MUNIROH", "MUSLIHAT", "NAPSIAH", "NURHAYATI", "RODIAH",
        "ROHANI", "SAMIAH", "SARINAH", "UMAYAH", "WASIAH", "ZULAEHA", "FATMAWATI", "HASANAH", "JUBAEDAH", "KOMARIAH",
        "LAILA", "MASITOH", "MUSRIFAH", "NAPISAH", "NURLELA", "RAHMAWATI", "ROSMAWATI", "SANIAH", "SYARIFAH", "YATI",
        "ZAHRA", "LINA", "YULIANA", "ERNAWATI", "SUSANTI",
    ];

    // ---- Malay and the other Muslim communities of Sumatra, Kalimantan, Nusa Tenggara and Sulawesi ----

    internal static readonly string[] MalayMale =
    [
        "RAHMAT", "HENDRA", "SYAHRIL", "YUSUF", "FIRDAUS", "ZULKIFLI", "HAMDAN", "RUSLI", "AZHAR", "SYAMSUL",
        "ZAINUDDIN", "RAMLI", "RIZAL", "HERMAN", "SUPRIADI", "EFENDI", "JUNAIDI", "ROSLAN", "SUHAIMI", "FAISAL",
        "IRWAN", "DARMAWAN", "HERI", "JONI", "MAHYUDIN", "ZAINAL", "FAHRUL", "ALIMUDDIN", "SYAFRUDDIN", "ISMAIL",
        "MANSYUR", "RUSTAM", "ARIFIN", "BAHTIAR", "HASANUDDIN", "DARWIS", "EDI", "ILYAS", "KAHAR", "MARZUKI",
        "NASRUN", "SAFRI", "TAJUDDIN", "USMAN", "WAHYUDI", "YAHYA", "NOOR", "ABDURRAHMAN", "SAHRUL", "AMRAN",
    ];

    internal static readonly string[] MalayFemale =
    [
        "NURHAYATI", "ROSMINI", "HASNAH", "SALMAH", "ROSNI", "HALIMAH", "ZURAIDA", "YUSNIDAR", "RAHMAWATI", "MARLINA",
        "ROSMAWATI", "NORMA", "ASNIAR", "DARMAWATI", "ERNAWATI", "FATIMAH", "HERLINA", "IDAWATI", "JUWITA", "KAMARIAH",
        "LISNAWATI", "MASYITAH", "NORHAYATI", "RATNA", "RUSMINI", "SARIFAH", "SYAMSIAH", "WATI", "YULIANA", "ZAHARA",
        "ZULAIHA", "ASMAH", "EMILIA", "FITRIANI", "HAYATI", "INDRIANI", "JUMIATI", "KARTINI", "LELA", "MAIMUNAH",
        "MURNI", "NURLELA", "RAHMAH", "RISNAWATI", "SUHARTINI", "SUSANTI", "YENNI", "ZAITUN", "NOORHAYATI", "MAWAR",
    ];

    // ---- Minangkabau ----

    internal static readonly string[] MinangMale =
    [
        "ZULKARNAIN", "AFRIZAL", "YULIANDRI", "SYAFRIZAL", "DEDI", "ERIZAL", "HENDRI", "YUSRIZAL", "ARMAN", "DASRIL",
        "NOFRIZAL", "ZULFIKAR", "ASRUL", "BUJANG", "DESRIZAL", "DEFRIZAL", "EFRIZAL", "FERIZAL", "HASRUL", "INDRA",
        "JASMAN", "JONI", "KAMARUDIN", "MARTIAS", "MASRIL", "NASRUL", "NOVRIANDI", "RAMLI", "RISMAN", "ROSMAN",
        "SYAFRUDIN", "SYAHRIAL", "TASLIM", "WENDRI", "YOSRIZAL", "ZULHENDRI", "ZULMAIDI", "ADRIZAL", "ANDRIZAL", "BASRIL",
        "DASMAN", "ELFIANDRI", "ERMAN", "FAJRI", "HARDI", "ISWANDI", "JUFRI", "MUKHLIS", "YURNALIS", "AFDAL",
    ];

    internal static readonly string[] MinangFemale =
    [
        "YUSNIATI", "ELFI", "NOVIA", "YENNI", "ROSNI", "SYAFNIDAR", "ERMAWATI", "DESRIANI", "ASNIDAR", "DESMAWATI",
        "ELVIRA", "ERNI", "FITRIA", "GUSTINA", "HARTATI", "IRMAWATI", "JUSNIDAR", "LENI", "MARNIS", "NELI",
        "NOVITA", "RAHMI", "ROSMAINI", "ROSMIDA", "SYAMSINAR", "WIRDA", "YASNI", "YENTI", "ZURAIDA", "ZULHERNI",
        "NILAWATI", "DESI", "EVA", "MIMI", "NURHAYATI", "ROSNIMAR", "SUSMAWATI", "YULNITA", "ZUBAIDAH", "ASMAWATI",
        "DELFIA", "YURNITA", "ELIDA", "FAUZIAH", "RAHMADANI",
    ];

    // ---- Acehnese ----

    internal static readonly string[] AcehneseMale =
    [
        "ZULKIFLI", "FAUZI", "MAHMUD", "ISKANDAR", "RIDWAN", "SAIFUL", "MUKHLIS", "MUNAWAR", "ZAINAL", "BUKHARI",
        "JAMALUDDIN", "FAKHRURRAZI", "HUSAINI", "NASRUDDIN", "ABUBAKAR", "AZHARI", "BAHTIAR", "DARMAWAN", "FADHLI", "HAMDANI",
        "HASBALLAH", "IBRAHIM", "IDRIS", "IRWANSYAH", "JAFAR", "KHAIRUL", "MARZUKI", "MUHAJIR", "MUSLIM", "NAZARUDDIN",
        "RAMLI", "RIZKI", "SAFRIZAL", "SULAIMAN", "SYAHRIZAL", "TARMIZI", "USMAN", "YUSRI", "ZAKARIA", "ZULFAHMI",
        "AMIRUDDIN", "BASRI", "FIRDAUS", "HASAN", "ILYAS", "JUNAIDI", "MAWARDI", "NURDIN", "RAZALI", "SUFYAN",
    ];

    internal static readonly string[] AcehneseFemale =
    [
        "NURHAYATI", "FAUZIAH", "SALMIAH", "RAHMAWATI", "MARIANI", "ZUBAIDAH", "ROSMIATI", "HASANAH", "AINUN", "ASMA",
        "DARMAWATI", "ERNI", "FAJRIAH", "HAFSAH", "HAYATI", "IDA", "JAMILAH", "KHAIRIAH", "MARLIANA", "MASYITAH",
        "MUNAWARAH", "NURAINI", "NURLAILA", "RAHMAH", "RATNA", "RUKIAH", "SAFRIDA", "SALAWATI", "SARAH", "SUKMA",
        "SYARIFAH", "ULFA", "WARDAH", "YUSNIDAR", "ZAHRATUL", "ZULFA", "ZURIANA", "MAULIDA", "AFRIDA", "CHAIRUNNISA",
        "NADIA", "RISKA", "FITRI", "HUSNA", "ROSNA", "NURMALA",
    ];

    // ---- Bugis, Makassar and the Muslim peoples of South-East Sulawesi ----

    internal static readonly string[] BugisMale =
    [
        "BASO", "SUDIRMAN", "AMIRUDDIN", "HASANUDDIN", "JUMADI", "ARIFIN", "RAHMAN", "SYAMSUL", "ASRUL", "AMBO",
        "BAHAR", "HAMZAH", "HASBI", "IDRUS", "JUSMAN", "KAHARUDDIN", "MAKMUR", "MUHTAR", "NURDIN", "RASYID",
        "SAHABUDDIN", "SYAHRIR", "SYAMSUDDIN", "TAHIR", "ASWAR", "AKBAR", "ARSYAD", "BACO", "BAHTIAR", "FIRMAN",
        "HAERUDDIN", "HASBULLAH", "IRWAN", "JAMALUDDIN", "KAMARUDDIN", "MUSTAMIN", "NASRULLAH", "RAHMATULLAH", "RUSDI", "SAHIBUDDIN",
        "SALAHUDDIN", "SUARDI", "SYARIFUDDIN", "TAMRIN", "UMAR", "YUNUS", "ZAINUDDIN", "ANSAR", "HAMKA", "MUSLIMIN",
    ];

    internal static readonly string[] BugisFemale =
    [
        "HASNAH", "NURHAYATI", "HAJRAH", "MUSDALIFAH", "HASMAWATI", "RISMAWATI", "KASMAWATI", "NURMALASARI", "BESSE", "HASNIATI",
        "HERIANI", "HADIJAH", "JUMRIAH", "KARTINI", "MARDIANA", "MUSLIMAH", "NURDIANA", "NURHAEDA", "NURLINA", "NURMIATI",
        "RAHMATIAH", "RAHMAWATI", "RASMAWATI", "RATNA", "RISNAWATI", "ROSMIATI", "SAHARIA", "SAMSIAH", "SARTIKA", "SUHARNI",
        "SUKMAWATI", "SUMARNI", "SURIANI", "SYAMSIDAR", "WAHIDAH", "ERNAWATI", "FITRIANI", "HAERANI", "HARTINI", "HASRIANI",
        "IRMAWATI", "JUMIATI", "MIRNAWATI", "MUSTIKA", "NURFADILLAH", "NURHIDAYAH", "NURJANNAH", "NURWAHIDAH", "ASNAWATI", "ASTUTI",
    ];

    // ---- Batak ----

    internal static readonly string[] BatakMale =
    [
        "MANGATUR", "TUMPAL", "PARLINDUNGAN", "HOTMAN", "SAHAT", "MARULI", "TIGOR", "BONAR", "PANGIHUTAN", "LAMHOT",
        "MARIHOT", "HORAS", "BINSAR", "JANTER", "MARTUA", "PARDAMEAN", "PARULIAN", "RAJAMIN", "SABAR", "TORANG",
        "DOMU", "GOMGOM", "HASUDUNGAN", "JONGGI", "MANGASI", "MARUDUT", "OLOAN", "PANDAPOTAN", "PARMONANGAN", "POLTAK",
        "SANGGAM", "SAUT", "TAGOR", "BISMARK", "DAULAT", "HISAR", "LUHUT", "MANAHAN", "MARTAHAN", "PATAR",
        "ROBINSON", "TONGAM", "JAMES", "RUDOLF", "HENDRIK",
    ];

    internal static readonly string[] BatakFemale =
    [
        "ROSMAWATI", "TIURMA", "NURMALA", "ROSLINA", "LASMARIA", "MASNIARI", "HOTMAIDA", "TETTY", "RISMA", "DUMARIA",
        "ROSMIDA", "TIOMINAR", "SORTA", "DERMAWATI", "HOTNIDA", "LAMRIA", "LINDA", "MARLINA", "MINDO", "PINTAULI",
        "RENTA", "ROMAULI", "ROSDIANA", "SONDANG", "TIAMSA", "ROSALINA", "HERLINA", "JULIANA", "MERI", "NELLY",
        "RAHEL", "ROSTIANA", "ERNI", "FRIDA", "HELEN", "JOJOR", "LUSIANA", "DORMAULI", "NURLIANA", "TIOMAS",
        "SRIDEWI", "MARTHA", "ROSMERI",
    ];

    // Toba, Karo, Simalungun and Pakpak clans, mostly Christian.
    internal static readonly string[] BatakMargaChristian =
    [
        "SIMANJUNTAK", "HUTAGALUNG", "SITORUS", "PANJAITAN", "SIMATUPANG", "NAPITUPULU", "SIAHAAN", "SIANIPAR", "PARDEDE", "SIHOMBING",
        "SITOMPUL", "SIBURIAN", "TAMBUNAN", "MANURUNG", "HUTAPEA", "HUTABARAT", "MARPAUNG", "SINAGA", "SILALAHI", "SIMANGUNSONG",
        "SIMAMORA", "PURBA", "SARAGIH", "DAMANIK", "GINTING", "TARIGAN", "SEMBIRING", "SITEPU", "KABAN", "PERANGIN-ANGIN",
        "BARUS", "SURBAKTI", "MANIK", "MUNTHE", "SIMBOLON", "NAINGGOLAN", "SITUMORANG", "GULTOM", "PASARIBU", "LUMBANTOBING",
        "SAMOSIR", "SIREGAR", "ARITONANG", "SIHITE", "SIMANULLANG", "PANGGABEAN", "SIDABUTAR", "SIBARANI", "BUTAR-BUTAR", "MANALU",
    ];

    // Mandailing and Angkola clans, mostly Muslim.
    internal static readonly string[] BatakMargaMuslim =
    [
        "NASUTION", "LUBIS", "HARAHAP", "SIREGAR", "HASIBUAN", "RANGKUTI", "DAULAY", "PULUNGAN", "BATUBARA", "MATONDANG",
        "PARINDURI", "RITONGA", "DALIMUNTHE", "POHAN", "TANJUNG", "HUTASUHUT", "RAMBE", "SIREGAR", "NASUTION", "LUBIS",
    ];

    // ---- Balinese ----

    internal static readonly string[] BalineseMale =
    [
        "SUDARMA", "SUARDANA", "ARTAWAN", "WIRAWAN", "SUARTIKA", "MERTAYASA", "ARIANA", "SUPARTA", "ADNYANA", "WIDIADA",
        "ASTAWA", "SUARJANA", "PUTRA", "DARMAWAN", "SUDIARTA", "SUKADANA", "ARSANA", "BUDIARTA", "DARMAYASA", "GUNAWAN",
        "JAYA", "KARIASA", "MULIARTA", "NURJAYA", "PARWATA", "RAI", "SUARDIKA", "SUARSANA", "SUDANA", "SUDIANA",
        "SUKARDANA", "SUKARTA", "SUMERTA", "SURYAWAN", "SUWITRA", "SWASTIKA", "WIRATA", "YASA", "AGUS", "ARDANA",
        "BAGIADA", "EKA", "MAHENDRA", "MERTA", "SANJAYA", "SEDANA", "SUANDANA", "SUBAGIA", "SUWENDRA", "DWIPAYANA",
    ];

    internal static readonly string[] BalineseFemale =
    [
        "SRI ASTUTI", "SUARNI", "ARIANI", "SUDIARTINI", "WIDIASIH", "SUARTINI", "ARYANI", "PURNAMI", "SUKERTI", "ASTITI",
        "ADNYANI", "ARTINI", "BUDIASIH", "DARMAYANTI", "DEWI", "DIANTARI", "KARTINI", "KUSUMAWATI", "MARTINI", "MERTASARI",
        "PARWATI", "PUSPITA", "RATNADI", "SRI WAHYUNI", "SUANDARI", "SUARDANI", "SUARSINI", "SUDARMI", "SUKARNI", "SUMARNI",
        "SURYANI", "SUSILAWATI", "SWANDEWI", "WAHYUNI", "WIDIASTUTI", "WINDAYANI", "YUNIARTI", "ARSINI", "SUPARTINI", "SUWARNI",
        "WIRYANI", "DIAH", "JULIANTARI", "PRADNYANI", "PUSPASARI", "SINTA", "TRISNAWATI", "UTARI",
    ];

    // ---- Christian given names (Catholic and Protestant), shared by the Christian communities ----

    internal static readonly string[] ChristianMale =
    [
        "YOHANES", "PETRUS", "PAULUS", "YOSEF", "ANTONIUS", "FRANSISKUS", "MARKUS", "DOMINIKUS", "ALOYSIUS", "YULIUS",
        "STEFANUS", "ANDREAS", "BENEDIKTUS", "KRISTIANUS", "MATIUS", "LUKAS", "YAKOBUS", "SIMON", "THOMAS", "DANIEL",
        "SAMUEL", "DAVID", "YOSUA", "ELIAS", "GABRIEL", "MIKAEL", "RAFAEL", "IGNASIUS", "FILIPUS", "BARNABAS",
        "HENDRIKUS", "ROBERTUS", "VINSENSIUS", "ADRIANUS", "AGUSTINUS", "BERNARDUS", "KORNELIUS", "LAURENSIUS", "NIKOLAUS", "SEBASTIANUS",
        "TIMOTIUS", "VALENTINUS", "YEREMIA", "EMANUEL", "JONATHAN", "MARTINUS", "RICHARD", "HERMANUS", "FREDERIK", "YANUARIUS",
    ];

    internal static readonly string[] ChristianFemale =
    [
        "MARIA", "MARTA", "MAGDALENA", "ELISABETH", "KATARINA", "THERESIA", "AGNES", "MARGARETHA", "YOSEFINA", "ANASTASIA",
        "VERONIKA", "CHRISTINA", "YULIANA", "HELENA", "MONIKA", "CECILIA", "SKOLASTIKA", "BERNADETA", "FRANSISKA", "PETRONELA",
        "REGINA", "ROSALIA", "SUSANA", "LUSIA", "DEBORA", "RUTH", "RAHEL", "ESTER", "SARAH", "LIDYA",
        "NATALIA", "PRISKILA", "YOHANA", "AGUSTINA", "ANGELA", "BEATRIX", "KORNELIA", "IMELDA", "FELISITAS", "PAULINA",
        "FLORENTINA", "MARSELINA", "VIKTORIA", "KLARA", "DOROTHEA",
    ];

    // ---- Minahasa (Manado) ----

    internal static readonly string[] ManadoMale =
    [
        "FRANKY", "JEFRY", "RONNY", "STEVEN", "VICKY", "ARNOLD", "BOBBY", "DANNY", "DENNY", "FREDDY",
        "HENDRIK", "JHONY", "JOHANIS", "MAIKEL", "MARCEL", "NOLDY", "RENDY", "REYNALDO", "RICKY", "ROLAND",
        "SONNY", "STENLY", "TOMMY", "VALENTINO", "WILLY", "ALFRED", "FERDINAND", "GLENN", "JEMMY", "NOVRY",
        "RIVALDO", "ROBBY", "SANDY", "TEDDY", "WELLY", "AUDY", "CHRISTIAN", "EDWIN", "JOUDY", "HARRY",
        "DEIBY", "FERRY", "JOSEPH", "MEIKEL", "ROY",
    ];

    internal static readonly string[] ManadoFemale =
    [
        "JEANE", "MEISKE", "NOVIE", "DEISY", "MARLENE", "DEBBY", "FANNY", "FENNY", "GRACE", "HELENA",
        "INGGRID", "JULIE", "KEZIA", "LENNY", "LIDYA", "MERRY", "NELLY", "OLVIE", "RINA", "SISKA",
        "STELLA", "SANDRA", "VANNY", "VERA", "WINDY", "YOLANDA", "DINA", "CINDY", "ELIZABETH", "GRACELLA",
        "JOICE", "JULITA", "LUSIA", "MAYA", "MICHELLE", "NANCY", "PRISCILLA", "REGINA", "SHERLY", "SUSAN",
        "VIVI", "MEILANY", "FEIBE", "ANGELINA", "TRISYE",
    ];

    internal static readonly string[] ManadoFam =
    [
        "WAROUW", "SUMAMPOUW", "RUNTUKAHU", "LUMINTANG", "MANDAGI", "PANGEMANAN", "POLII", "RONDONUWU", "SUMOLANG", "KANSIL",
        "LENGKONG", "MAMAHIT", "TUMBELAKA", "WOWOR", "SUPIT", "RATULANGI", "LASUT", "PONTOH", "KALIGIS", "TULUNG",
        "RUMENGAN", "SONDAKH", "TAMBAYONG", "WAKARI", "PALAR", "KAAWOAN", "KAUNANG", "KAWENGIAN", "LUMENTUT", "MANOPO",
        "MASENGI", "MOGI", "NAYOAN", "PANDELAKI", "PINONTOAN", "POSUMAH", "RANTUNG", "ROMPAS", "RORI", "RUMAGIT",
        "SAERANG", "SENDUK", "SIGAR", "TAMPI", "TENDEAN", "TUMEWU", "UNTU", "WALANDOUW", "WENAS", "WOWILING",
    ];

    // ---- Papua ----

    internal static readonly string[] PapuanMale =
    [
        "YULIANUS", "MARTHEN", "YOHANIS", "OKTOVIANUS", "NATALIS", "ALPIUS", "BENNY", "DEMIANUS", "ELIEZER", "FRANS",
        "HABEL", "ISAK", "KORNELIS", "MARKUS", "MOZES", "NIKOLAS", "PILIPUS", "SEMUEL", "TITUS", "YAKOB",
        "YONAS", "YOSIAS", "ZAKEUS", "ABRAHAM", "AGUSTINUS", "DOMINGGUS", "FREDRIK", "HERMAN", "LUKAS", "PAULUS",
        "SILAS", "YEREMIAS", "YAN", "ELIAS", "GERSON", "LAZARUS", "MATIAS", "SIMON", "STEFANUS", "NOAK",
        "OBETH", "SEPTINUS", "YUSTINUS", "EDISON", "WEMPI",
    ];

    internal static readonly string[] PapuanFemale =
    [
        "YOSINA", "MARTHINA", "AGUSTINA", "DORKAS", "ELISABETH", "HANA", "YULIANA", "KRISTINA", "LINCE", "MARIA",
        "MARTHA", "NOVITA", "OKTOFINA", "PAULINA", "ROSALINA", "SARA", "SELFINA", "YAKOMINA", "YOHANA", "YUSTINA",
        "ANACE", "DEBORA", "ERLINA", "FRANSINA", "HERLINA", "LEA", "MARIANA", "MERLIN", "NATALIA", "ORPA",
        "PETRONELA", "RAHEL", "SUSANA", "TERESIA", "WILHELMINA", "YOSEPHINA", "YUNITA", "ELSINA", "FERONIKA", "MINCE",
        "NELCE", "SANTI", "YERMINA", "ESTER", "SELVINA",
    ];

    internal static readonly string[] PapuanSurnames =
    [
        "WENDA", "KOGOYA", "WONDA", "TABUNI", "WEYA", "ENUMBI", "MURIB", "YIGIBALOM", "WANIMBO", "KAMBU",
        "RUMBIAK", "MANDOWEN", "KAFIAR", "RUMAINUM", "WOMSIWOR", "AWOM", "KARUBABA", "YOMAKEN", "MANSOBEN", "SAWAKI",
        "IBO", "KAISIEPO", "MAYOR", "RUMBEWAS", "WAROMI", "YOWENI", "GOBAI", "PIGAI", "MOTE", "DOUW",
        "TEBAI", "KEIYA", "DEGEI", "ASSO", "HISAGE", "LOKBERE", "PAHABOL", "TELENGGEN", "YOMAN", "ONDI",
        "HAMADI", "SANGGENAFA", "MERAUJE", "RUMAKIEK", "SROYER", "NUMBERI", "MAHUZE", "GEBZE", "KAIZE", "NDIKEN",
    ];

    // ---- Maluku ----

    internal static readonly string[] AmboneseChristianSurnames =
    [
        "PATTINAMA", "LATUHERU", "PATTIASINA", "SAHETAPY", "TUHUMURY", "LEWERISSA", "SOPACUA", "PATTIPEILOHY", "RUMAHRUPUTE", "LATUMAHINA",
        "PATTISELANNO", "MATAHELUMUAL", "SIWABESSY", "LEIWAKABESSY", "TITALEY", "HEHANUSSA", "NANLOHY", "PATTIKAWA", "TUPAMAHU", "SIAHAYA",
        "MANUPUTTY", "LAIMEHERIWA", "LATUPEIRISSA", "SAPULETTE", "TETELEPTA", "HUWAE", "LEATEMIA", "SOUMOKIL", "LOPULALAN", "PELUPESSY",
        "RUHULESSIN", "TAHAPARY", "WATTIMENA", "LATUIHAMALLO", "PARERA",
    ];

    internal static readonly string[] AmboneseMuslimSurnames =
    [
        "TUASIKAL", "LATUCONSINA", "OHORELLA", "MARASABESSY", "WAKANO", "LESTALUHU", "TUALEKA", "RUMALUTUR", "SANGAJI", "UMASANGAJI",
        "RUMAGIA", "LOILATU", "PATTY", "SOUWAKIL", "TUANAYA", "WAILISSA", "ASSAGAF", "ALKATIRI", "BAADILLA", "TUHUTERU",
    ];

    // ---- Nusa Tenggara Timur (Timor, Rote, Sabu, Flores) ----

    internal static readonly string[] NusaTenggaraSurnames =
    [
        "FANGGIDAE", "MESSAKH", "NDOLU", "TOY", "PELLO", "MANAFE", "NENOBAIS", "TAOPAN", "SELAN", "SABAT",
        "FOENALE", "BENU", "TEFA", "SERAN", "BERE", "NAHAK", "KLAU", "MALI", "TAEK", "NDUN",
        "LEO", "NALLE", "ADOE", "KANA", "LOBO", "RIWU", "DIMU", "TALO", "NUBATONIS", "NENO",
        "KOLO", "SAU", "DA COSTA", "DA SILVA", "FERNANDEZ", "PAREIRA", "DE ROSARIO", "LEWAR", "KELEN", "TUKAN",
        "LAMAWURAN", "GOO", "JEHAMAT", "NAGUT", "JEHADUN", "WANGGE", "BUNGA", "MANEK", "TALAN", "AMALO",
    ];

    // ---- Toraja ----

    internal static readonly string[] TorajaSurnames =
    [
        "PATANDUK", "PARINDING", "PALINGGI", "RANTELINO", "TANDILINO", "PAKIDING", "PASULU", "SAMBARA", "TANDIRERUNG", "PALAMBA",
        "TANGDILINTIN", "SAMPE", "SARUNGALLO", "TODING", "LAYUK", "PAEMBONAN", "PALEBANGAN", "RUNDUPADANG", "TANDIARRANG", "PAKADANG",
    ];

    // ---- Chinese-Indonesian ----

    internal static readonly string[] ChineseClan =
    [
        "TAN", "LIM", "LIE", "ONG", "GO", "THE", "KWEE", "TJIO", "OEY", "LAUW",
        "HO", "KHO", "LIEM", "TJOA", "GOUW", "YAP", "OEI", "TIO", "SIE", "KOH",
        "TJHIN", "LIU", "BONG", "WONG", "KHOE",
    ];

    internal static readonly string[] ChineseSyllableMale =
    [
        "BENG", "HOK", "KIAT", "TIONG", "SENG", "HONG", "LIANG", "KOK", "HIN", "TJOEN",
        "SWAN", "HAN", "GWAN", "SOEN", "KIM", "HWIE", "BOEN", "TJIANG", "KHING", "SIANG",
    ];

    internal static readonly string[] ChineseSyllableFemale =
    [
        "NIO", "GIOK", "LAN", "MEI", "HWA", "LIAN", "HOA", "SIOK", "KIEM", "LING",
        "BWEE", "TJOE", "NGO", "IN", "SWIE", "HIANG", "KWEE", "LIE", "YEN", "TJOEN",
    ];

    // Indonesian-style family names taken after 1966, often kept across the family.
    internal static readonly string[] ChineseIndonesianSurnames =
    [
        "WIJAYA", "GUNAWAN", "SANTOSO", "HALIM", "SALIM", "TANOTO", "LIMANTO", "KUSUMA", "SETIAWAN", "TANUWIDJAJA",
        "HARTONO", "SUSANTO", "WIDJAJA", "LIMAN", "TANDIONO", "HADINATA", "SUGIANTO", "KURNIAWAN", "JAYADI", "HALIMAWAN",
        "ONGKO", "TJANDRA", "CHANDRA", "SOESANTO", "LIMANTARA", "TEDJA", "SOEGIARTO", "SUTANTO", "TANUJAYA", "GOZALI",
        "HARDJONO", "SETIADI", "WINATA", "PRANATA", "ANGKASA", "TANZIL", "SURYADJAJA", "KOSASIH", "LUKITO", "KUNCORO",
    ];

    internal static readonly string[] ChineseGivenMale =
    [
        "HENDRA", "WILLIAM", "KEVIN", "FELIX", "STEVEN", "JONATHAN", "RUDY", "JOHAN", "SURYADI", "DJOHAN",
        "BUDI", "HARRY", "EDDY", "ANTONI", "TEDDY", "ROBERT", "HENDRIK", "ALBERT", "VINCENT", "JASON",
        "NICHOLAS", "RICHARD", "MICHAEL", "DANIEL", "ANDREW", "CALVIN", "ERIC", "FERRY", "HERMAN", "IRWAN",
        "JIMMY", "MARTIN", "PATRICK", "RONALD", "TOMMY", "YOHAN", "ADRIAN", "BRYAN", "DARREN", "EDWARD",
        "HANSEN", "IVAN", "JACKY", "KELVIN", "LEONARDO", "SUNARDI", "TJAHJADI", "AGUS",
    ];

    internal static readonly string[] ChineseGivenFemale =
    [
        "LINDA", "SUSAN", "MELIANA", "YULIANA", "LILY", "FELICIA", "JESSICA", "MICHELLE", "CHRISTINE", "VERONICA",
        "ANGELINA", "CYNTHIA", "DEBBY", "EVELYN", "FIONA", "GRACE", "HELEN", "IRENE", "JENNY", "KAREN",
        "LIANA", "MARIANA", "NATALIA", "OLIVIA", "PRISCILLA", "RENATA", "SHERLY", "STEPHANIE", "TIFFANY", "VIVIAN",
        "WENNY", "YENNY", "AGNES", "CLARA", "CELINE", "DEVI", "ELIZABETH", "GABRIELLA", "JULIANA", "KATHERINE",
        "LUSIANA", "MEILANI", "NOVIA", "SILVIA", "SUSANTI", "VANESSA", "WIDYA", "LANNY",
    ];
}
