namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Demographic shapes for synthetic residents: the age pyramid (five-year bands, rounded from the 2020 census
/// and its 2025 projection), registered deaths by age, marital status and occupation by age and sex.
/// </summary>
internal static class LifeTables
{
    public const string BelumKawin = "belum_kawin";
    public const string Kawin = "kawin";
    public const string CeraiHidup = "cerai_hidup";
    public const string CeraiMati = "cerai_mati";

    public const string Student = "PELAJAR/MAHASISWA";
    public const string NotWorking = "BELUM/TIDAK BEKERJA";
    public const string Housekeeping = "MENGURUS RUMAH TANGGA";
    public const string Retired = "PENSIUNAN";
    public const string CivilServant = "PEGAWAI NEGERI SIPIL";
    public const string Farmer = "PETANI/PEKEBUN";
    public const string PrivateEmployee = "KARYAWAN SWASTA";
    public const string SelfEmployed = "WIRASWASTA";
    public const string Fisher = "NELAYAN/PERIKANAN";
    public const string DayLabourer = "BURUH HARIAN LEPAS";
    public const string Teacher = "GURU";
    public const string Lecturer = "DOSEN";
    public const string Doctor = "DOKTER";
    public const string Midwife = "BIDAN";
    public const string Nurse = "PERAWAT";
    public const string StateEnterprise = "KARYAWAN BUMN";

    /// <summary>Share of the population per five-year band, 0–4 up to 90–94 (percent).</summary>
    public static readonly double[] AgeBands =
    [
        7.6, 8.0, 8.3, 8.2, 8.1, 7.9, 7.7, 7.6, 7.3, 6.8,
        6.0, 5.1, 4.1, 3.0, 1.9, 1.1, 0.6, 0.25, 0.09,
    ];

    /// <summary>
    /// Probability that a person of this band has a registered death. Calibrated so that about 1.4% of all
    /// generated records are deceased, most of them old.
    /// </summary>
    public static double DeceasedProbability(int band) => band switch
    {
        < 8 => 0.003,
        < 10 => 0.008,
        < 12 => 0.02,
        < 14 => 0.05,
        < 16 => 0.10,
        _ => 0.20,
    };

    /// <summary>Weights for belum_kawin, kawin, cerai_hidup, cerai_mati at an age (BPS Susenas, rounded).</summary>
    public static double[] MaritalWeights(int age, bool female) => (age, female) switch
    {
        ( < 16, _) => [100, 0, 0, 0],
        ( < 19, true) => [93, 6.5, 0.5, 0],
        ( < 19, false) => [99.5, 0.5, 0, 0],
        ( < 22, true) => [75, 23, 2, 0],
        ( < 22, false) => [93, 7, 0, 0],
        ( < 25, true) => [52, 45, 2.5, 0.5],
        ( < 25, false) => [78, 21, 1, 0],
        ( < 30, true) => [25, 70, 4, 1],
        ( < 30, false) => [45, 53, 2, 0],
        ( < 35, true) => [11, 83, 5, 1],
        ( < 35, false) => [18, 79, 3, 0],
        ( < 40, true) => [6, 86, 6, 2],
        ( < 40, false) => [9, 87, 3.5, 0.5],
        ( < 50, true) => [4, 84, 6, 6],
        ( < 50, false) => [4, 91, 3.5, 1.5],
        ( < 60, true) => [3, 76, 6, 15],
        ( < 60, false) => [2, 91, 3, 4],
        ( < 70, true) => [2, 58, 5, 35],
        ( < 70, false) => [1, 86, 3, 10],
        (_, true) => [2, 33, 4, 61],
        (_, false) => [1, 72, 2, 25],
    };

    public static readonly string[] MaritalStatuses = [BelumKawin, Kawin, CeraiHidup, CeraiMati];

    /// <summary>Age brackets with their own occupation mix; see <see cref="OccupationBracket"/>.</summary>
    public const int OccupationBrackets = 7;

    /// <summary>0: under 5, 1: 5–6, 2: 7–14, 3: 15–17, 4: 18–22, 5: 23–57, 6: 58 and over.</summary>
    public static int OccupationBracket(int age) => age switch
    {
        < 5 => 0,
        < 7 => 1,
        < 15 => 2,
        < 18 => 3,
        < 23 => 4,
        < 58 => 5,
        _ => 6,
    };

    /// <summary>SIAK occupation texts with weights for an age bracket, sex and urban or rural residence.</summary>
    public static (string Occupation, double Weight)[] Occupations(int bracket, bool female, bool urban)
    {
        switch (bracket)
        {
            case 0:
                return [(NotWorking, 1)];
            case 1:
                return [(NotWorking, 70), (Student, 30)];
            case 2:
                return [(Student, 96), (NotWorking, 4)];
            case 3:
                return [(Student, 86), (NotWorking, 10), (DayLabourer, 2), (urban ? PrivateEmployee : Farmer, 2)];
            case 4:
                // Young adults: many still studying or looking for work, the rest enter the adult mix.
                return [(Student, 30), (NotWorking, 20), .. Scale(WorkingAge(female, urban), 0.5)];
            case 5:
                return WorkingAge(female, urban);
            default:
                return female
                    ? [(Housekeeping, 45), (NotWorking, 20), (Retired, 8), (Farmer, urban ? 3 : 14), (SelfEmployed, 6), ("PEDAGANG", 4)]
                    : [(NotWorking, 22), (Retired, 14), (Farmer, urban ? 6 : 32), (SelfEmployed, 14), (DayLabourer, 5), ("PEDAGANG", 4), (PrivateEmployee, 3)];
        }
    }

    private static (string, double)[] Scale((string Occupation, double Weight)[] table, double factor) =>
        table.Select(t => (t.Occupation, t.Weight * factor)).ToArray();

    private static (string Occupation, double Weight)[] WorkingAge(bool female, bool urban) => (female, urban) switch
    {
        (false, false) =>
        [
            (Farmer, 24), (SelfEmployed, 18), (DayLabourer, 12), (PrivateEmployee, 10), (NotWorking, 6),
            ("BURUH TANI/PERKEBUNAN", 5), ("PEDAGANG", 4), (Fisher, 2.5), ("SOPIR", 2), (CivilServant, 2.5),
            ("TUKANG BATU", 2), ("TUKANG KAYU", 1), ("PERANGKAT DESA", 0.5), (Teacher, 1), ("TENTARA NASIONAL INDONESIA", 0.5),
            ("KEPOLISIAN RI", 0.5), ("PETERNAK", 1), ("KARYAWAN HONORER", 1), ("MEKANIK", 0.5), ("TRANSPORTASI", 0.5),
            ("KONSTRUKSI", 0.5), ("PERDAGANGAN", 1), ("USTADZ/MUBALIGH", 0.2), ("KEPALA DESA", 0.1), (Housekeeping, 0.5),
        ],
        (false, true) =>
        [
            (PrivateEmployee, 30), (SelfEmployed, 25), (DayLabourer, 8), ("PEDAGANG", 5), (NotWorking, 6),
            (CivilServant, 4), ("SOPIR", 3), (StateEnterprise, 1.5), ("TENTARA NASIONAL INDONESIA", 0.8), ("KEPOLISIAN RI", 0.8),
            (Teacher, 1), (Lecturer, 0.2), (Doctor, 0.2), (Farmer, 2), ("TUKANG BATU", 1), ("TUKANG LISTRIK", 0.5),
            ("KARYAWAN HONORER", 1.5), ("PERDAGANGAN", 2), ("MEKANIK", 1), ("TRANSPORTASI", 1), ("WARTAWAN", 0.1),
            ("KARYAWAN BUMD", 0.3), ("SATPAM", 0.8), (Housekeeping, 0.5), (Fisher, 0.3),
        ],
        (true, false) =>
        [
            (Housekeeping, 48), (Farmer, 14), (SelfEmployed, 9), (DayLabourer, 5), (PrivateEmployee, 6),
            (NotWorking, 5), ("PEDAGANG", 4), (Teacher, 2), (CivilServant, 2), ("BURUH TANI/PERKEBUNAN", 3),
            (Midwife, 0.4), (Nurse, 0.5), ("KARYAWAN HONORER", 1), ("TUKANG JAHIT", 0.5), ("PEMBANTU RUMAH TANGGA", 0.5),
        ],
        (true, true) =>
        [
            (Housekeeping, 40), (PrivateEmployee, 22), (SelfEmployed, 14), ("PEDAGANG", 4), (NotWorking, 6),
            (CivilServant, 3), (Teacher, 2), (Nurse, 1), (Midwife, 0.4), (Doctor, 0.2),
            (DayLabourer, 3), ("KARYAWAN HONORER", 1.5), (StateEnterprise, 1), ("PEMBANTU RUMAH TANGGA", 1), ("PENATA RIAS", 0.3),
            ("TUKANG JAHIT", 0.5), (Lecturer, 0.1),
        ],
    };
}
