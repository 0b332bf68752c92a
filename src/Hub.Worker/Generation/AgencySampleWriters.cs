using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;
using IntegrationHub.Core.Synthetic;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Generation;

/// <summary>
/// Renders synthetic residents as the BPJS and DJP sources would hold them, with the noise those systems really
/// have: BPJS records with no NIK or a mistyped one, DJP's legacy 15-digit NPWPs without a NIK. Seeded, so the
/// same seed gives the same data.
/// </summary>
public static class AgencySampleWriters
{
    private static readonly (string Code, string Text)[] s_segments =
    [
        ("14", "PBI (APBN)"), ("15", "PBI (APBD)"), ("1", "PEKERJA PENERIMA UPAH (PPU)"), ("21", "PEKERJA BUKAN PENERIMA UPAH (PBPU)"), ("3", "BUKAN PEKERJA (BP)"),
    ];

#pragma warning disable CA5394 // synthetic sample data, not security
    /// <summary>Writes BPJS Kesehatan participants as a JSON array (VClaim-style fields). Returns how many were written.</summary>
    public static int WriteBpjs(string path, IEnumerable<SyntheticPerson> people, int seed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(people);
        var random = new Random(seed ^ 0xB975);
        var array = new JsonArray();
        var card = 1_000_000_000L + random.Next(0, 1_000_000);
        foreach (var p in people)
        {
            // About 90% of residents are enrolled.
            if (random.NextDouble() >= 0.9)
            {
                continue;
            }

            card += 1 + random.Next(0, 50);
            var nik = random.NextDouble() switch
            {
                < 0.08 => null,                 // older records often have none
                < 0.11 => Mistype(p.Nik, random), // or a wrong digit
                _ => p.Nik,
            };
            var segment = s_segments[random.Next(s_segments.Length)];
            var updated = today.ToDateTime(TimeOnly.MinValue).AddDays(-random.Next(1, 730)).AddSeconds(random.Next(0, 86_400));
            var record = new JsonObject
            {
                ["noKartu"] = card.ToString("0000000000000", CultureInfo.InvariantCulture),
                ["nik"] = nik,
                ["nama"] = p.FullName,
                ["sex"] = p.Sex == Sex.Male ? "L" : "P",
                ["tglLahir"] = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["pisa"] = "1",
                ["jenisPeserta"] = new JsonObject { ["kode"] = segment.Code, ["keterangan"] = segment.Text },
                ["statusPeserta"] = p.Deceased
                    ? new JsonObject { ["kode"] = "2", ["keterangan"] = "MENINGGAL" }
                    : new JsonObject { ["kode"] = "0", ["keterangan"] = "AKTIF" },
                ["hakKelas"] = new JsonObject { ["kode"] = "3", ["keterangan"] = "KELAS III" },
                ["provUmum"] = new JsonObject { ["kdProvider"] = string.Concat(p.VillageCode.AsSpan(0, 4), "R001"), ["nmProvider"] = "PUSKESMAS " + (RegionCatalog.Default.Find(p.VillageCode[..6])?.Name.ToUpperInvariant() ?? "") },
                ["noTelepon"] = random.NextDouble() < 0.2 ? null : "08" + random.NextInt64(100_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture),
                ["alamat"] = p.Street,
                ["lastUpdate"] = updated.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            };
            array.Add(record);
        }

        File.WriteAllText(path, array.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return array.Count;
    }

    /// <summary>Writes DJP taxpayers (adults with an income) into table <c>WAJIB_PAJAK</c> of an SQLite file. Returns how many were written.</summary>
    public static int WriteDjp(string path, IEnumerable<SyntheticPerson> people, int seed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(people);
        var random = new Random(seed ^ 0xD17);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = DjpTableWriter.CreateTable;
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = DjpTableWriter.InsertRow;
        string[] names = ["$npwp", "$nik", "$nama", "$lahir", "$alamat", "$kel", "$kec", "$kota", "$pos", "$status", "$kpp", "$updated"];
        var parameters = names.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in people)
        {
            var age = today.Year - p.BirthDate.Year;
            var earns = age >= 21 && !p.Deceased && p.Occupation is not ("PELAJAR/MAHASISWA" or "BELUM/TIDAK BEKERJA" or "MENGURUS RUMAH TANGGA");
            if (!earns || random.NextDouble() >= 0.7)
            {
                continue;
            }

            // Since 2024 a resident's NPWP is the NIK; older registrations keep a 15-digit number, some without a NIK.
            var legacy = random.NextDouble() < 0.4;
            var npwp = legacy ? random.NextInt64(10_000_000_000_000, 999_999_999_999_999).ToString("000000000000000", CultureInfo.InvariantCulture) : p.Nik;
            if (!seen.Add(npwp))
            {
                continue;
            }

            var village = RegionCatalog.Default.Find(p.VillageCode);
            var district = RegionCatalog.Default.Find(p.VillageCode[..6]);
            var regency = RegionCatalog.Default.Find(p.VillageCode[..4]);
            string?[] values =
            [
                npwp,
                legacy && random.NextDouble() < 0.25 ? null : p.Nik,
                p.FullName,
                p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{p.Street} RT {p.Rt} RW {p.Rw}"),
                village?.Name.ToUpperInvariant(),
                district?.Name.ToUpperInvariant(),
                regency?.Name.ToUpperInvariant(),
                p.PostalCode,
                random.NextDouble() < 0.9 ? "AKTIF" : "NE",
                random.Next(100, 999).ToString(CultureInfo.InvariantCulture),
                today.ToDateTime(TimeOnly.MinValue).AddDays(-random.Next(1, 1000)).AddSeconds(random.Next(0, 86_400) / 60 * 60).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = (object?)values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
            count++;
        }

        transaction.Commit();
        return count;
    }

    private static string Mistype(string nik, Random random)
    {
        // One digit of the sequence or birth date changed: the kind of typo a clerk makes.
        var chars = nik.ToCharArray();
        var position = random.Next(6, 16);
        chars[position] = (char)('0' + ((chars[position] - '0' + 1 + random.Next(0, 8)) % 10));
        return new string(chars);
    }
#pragma warning restore CA5394
}
