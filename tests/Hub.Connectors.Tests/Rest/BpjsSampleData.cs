using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Tests.Rest;

/// <summary>
/// Synthetic BPJS Kesehatan peserta records in the VClaim shape: made-up names and numbers, no real people.
/// Deterministic for a seed; older records sometimes lack a NIK or carry a mistyped one, as the real data does.
/// </summary>
public static class BpjsSampleData
{
    private static readonly string[] s_given = ["ADI", "BUDI", "SITI", "DEWI", "PUTRI", "AGUS", "RINA", "WAHYU", "NUR", "EKO", "SRI", "YOGI"];
    private static readonly string[] s_family = ["SANTOSO", "LESTARI", "PRATAMA", "HIDAYAT", "WULANDARI", "SAPUTRA", "NINGSIH", "KURNIAWAN"];
    private static readonly (string Kode, string Keterangan)[] s_segments = [("1", "PNS PUSAT"), ("14", "PBI (APBN)"), ("15", "PEKERJA MANDIRI"), ("22", "PEGAWAI SWASTA")];
    private static readonly (string Kode, string Nama)[] s_providers = [("0112B001", "PUSKESMAS MENTENG"), ("0123R012", "KLINIK SEHAT BERSAMA"), ("0301U005", "DOKTER KELUARGA CIBINONG")];

    public static JsonArray Generate(int count, int seed = 7)
    {
        var random = new Random(seed);
        var start = new DateTime(2024, 1, 2, 8, 0, 0, DateTimeKind.Unspecified);
        var records = new List<JsonObject>(count);
        var updated = start;
        for (var i = 0; i < count; i++)
        {
            // Every fourth record shares its update time with the one before: ties the cursor must not lose.
            if (i % 4 != 3)
            {
                updated = updated.AddMinutes(random.Next(1, 90));
            }

            var female = random.Next(2) == 0;
            var birth = new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(random.Next(0, 365 * 60));
            var segment = s_segments[random.Next(s_segments.Length)];
            var provider = s_providers[random.Next(s_providers.Length)];
            var kelas = random.Next(1, 4);
            var nik = string.Create(CultureInfo.InvariantCulture, $"3{random.Next(1, 6)}{random.Next(10, 80):00}{random.Next(1, 30):00}{birth.Day + (female ? 40 : 0):00}{birth.Month:00}{birth.Year % 100:00}{random.Next(1, 9999):0000}");
            JsonNode? nikValue = (i % 10) switch
            {
                0 => null,
                5 => nik[..15],
                _ => nik,
            };

            records.Add(new JsonObject
            {
                ["noKartu"] = string.Create(CultureInfo.InvariantCulture, $"0001{100000000 + (i * 7919 % 900000000):000000000}"),
                ["nik"] = nikValue,
                ["nama"] = $"{s_given[random.Next(s_given.Length)]} {s_family[random.Next(s_family.Length)]}",
                ["sex"] = female ? "P" : "L",
                ["tglLahir"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["pisa"] = random.Next(1, 5).ToString(CultureInfo.InvariantCulture),
                ["jenisPeserta"] = new JsonObject { ["kode"] = segment.Kode, ["keterangan"] = segment.Keterangan },
                ["statusPeserta"] = new JsonObject { ["kode"] = "0", ["keterangan"] = "AKTIF" },
                ["hakKelas"] = new JsonObject { ["kode"] = kelas.ToString(CultureInfo.InvariantCulture), ["keterangan"] = "KELAS " + new string('I', kelas) },
                ["provUmum"] = new JsonObject { ["kdProvider"] = provider.Kode, ["nmProvider"] = provider.Nama },
                ["noTelepon"] = string.Create(CultureInfo.InvariantCulture, $"08{random.Next(11, 99)}{random.Next(1000000, 99999999)}"),
                ["alamat"] = string.Create(CultureInfo.InvariantCulture, $"JL. CONTOH NO. {random.Next(1, 200)} RT {random.Next(1, 15):000}/RW {random.Next(1, 10):000}"),
                ["lastUpdate"] = updated.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            });
        }

        // The file is not in update order: the server sorts, as the real API does.
        return new JsonArray([.. records.OrderBy(_ => random.Next())]);
    }

    public static string WriteFile(string path, int count, int seed = 7)
    {
        File.WriteAllText(path, Generate(count, seed).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
