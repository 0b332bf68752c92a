using System.Globalization;

namespace IntegrationHub.Bench.Micro;

/// <summary>
/// Canonical person records for the scoring benchmark: residents with Indonesian-looking names, each present once
/// or twice, the second copy with a typo, a missing NIK or a day/month swap, so that candidate pairs mix matches
/// and near misses. Small and self-contained: the benchmark measures scoring, not the population generator.
/// </summary>
internal static class SyntheticPeople
{
    private static readonly string[] Given =
    [
        "SITI", "MUHAMMAD", "AGUS", "NUR", "SRI", "BUDI", "DEWI", "AHMAD", "RINA", "JOKO", "PUTRI", "ADI", "EKO", "WAHYU",
        "RATNA", "YULI", "HENDRA", "ANDI", "DIAN", "FITRI", "RUDI", "LESTARI", "SUGENG", "TRI", "INDAH", "BAMBANG",
    ];

    private static readonly string[] Family =
    [
        "SANTOSO", "WIBOWO", "RAHMAWATI", "HIDAYAT", "SETIAWAN", "KURNIAWAN", "LESTARI", "PRATAMA", "SAPUTRA", "NURHAYATI",
        "SUSANTO", "HARTONO", "WULANDARI", "FIRMANSYAH", "PERMATASARI", "GUNAWAN", "SIREGAR", "NASUTION", "SIMANJUNTAK",
    ];

    public static List<IReadOnlyDictionary<string, string?>> Generate(int people, int seed)
    {
        var random = new Random(seed);
        var records = new List<IReadOnlyDictionary<string, string?>>(people * 2);
        for (var p = 0; p < people; p++)
        {
            var name = random.Next(4) == 0
                ? Given[random.Next(Given.Length)]
                : $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}";
            var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 70));
            var female = random.Next(2) == 0;
            var village = string.Create(CultureInfo.InvariantCulture, $"32{random.Next(1, 30):00}{random.Next(1, 40):00}{2000 + random.Next(1, 20):0000}");
            var nik = string.Create(CultureInfo.InvariantCulture, $"{village[..6]}{birth.Day + (female ? 40 : 0):00}{birth.Month:00}{birth.Year % 100:00}{random.Next(1, 9999):0000}");
            var record = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["name.normalised"] = name,
                ["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["sex"] = female ? "female" : "male",
                ["nik"] = nik,
                ["kk"] = string.Create(CultureInfo.InvariantCulture, $"{village[..6]}{random.Next(100000, 999999)}{random.Next(1000, 9999)}"),
                ["motherName"] = $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}",
                ["address.villageCode"] = village,
                ["address.postalCode"] = string.Create(CultureInfo.InvariantCulture, $"4{random.Next(1000, 9999)}"),
            };
            records.Add(record);
            if (random.Next(2) == 0)
            {
                var copy = new Dictionary<string, string?>(record, StringComparer.Ordinal);
                switch (random.Next(3))
                {
                    case 0:
                        var chars = name.ToCharArray();
                        var at = random.Next(chars.Length);
                        chars[at] = chars[at] == ' ' ? ' ' : (char)('A' + random.Next(26));
                        copy["name.normalised"] = new string(chars);
                        break;
                    case 1:
                        copy["nik"] = null;
                        copy["kk"] = null;
                        break;
                    default:
                        if (birth.Day <= 12)
                        {
                            copy["birthDate"] = new DateOnly(birth.Year, birth.Day, birth.Month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        }

                        break;
                }

                records.Add(copy);
            }
        }

        return records;
    }
}
