using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Regions;
using IntegrationHub.Core.Synthetic;
using IntegrationHub.Worker.Generation;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Bench;

/// <summary>
/// Renders the same synthetic residents as each agency holds them. Unlike <c>hub generate bpjs|djp</c>, every
/// resident appears once in every source (true NIK, NPWP = NIK), so each source reads exactly N records and the
/// BPJS and DJP runs measure the "link to an existing person" path against the persons Dukcapil created.
/// </summary>
internal static class SyntheticSources
{
    public const string DjpTable = "WAJIB_PAJAK";

    private static readonly (string Code, string Text)[] s_segments =
    [
        ("14", "PBI (APBN)"), ("15", "PBI (APBD)"), ("1", "PEKERJA PENERIMA UPAH (PPU)"), ("21", "PEKERJA BUKAN PENERIMA UPAH (PBPU)"), ("3", "BUKAN PEKERJA (BP)"),
    ];

    private static readonly string[] s_djpColumns =
        ["NPWP", "NIK", "NAMA_WP", "TGL_LAHIR", "ALAMAT", "KELURAHAN", "KECAMATAN", "KOTA", "KODE_POS", "STATUS_WP", "KODE_KPP", "LAST_UPDATED"];

    /// <summary>Writes the Dukcapil export with 2% planted defects; returns the rows written (defects included).</summary>
    public static SampleWriteResult WriteDukcapil(string path, IReadOnlyList<SyntheticPerson> people, int seed)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        return new DukcapilSampleWriter(seed, 0.02).Write(writer, people, CancellationToken.None);
    }

    /// <summary>One UTF-8 JSON object per participant, so the server can cut any page without serialising again.</summary>
    public static IReadOnlyList<byte[]> RenderBpjs(IReadOnlyList<SyntheticPerson> people)
    {
        var records = new byte[people.Count][];
        var buffer = new MemoryStream();
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                var segment = s_segments[i % s_segments.Length];
                json.WriteStartObject();
                json.WriteString("noKartu", (1_000_000_000L + i).ToString("0000000000000", CultureInfo.InvariantCulture));
                json.WriteString("nik", p.Nik);
                json.WriteString("nama", p.FullName);
                json.WriteString("sex", p.Sex == Sex.Male ? "L" : "P");
                json.WriteString("tglLahir", p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteStartObject("jenisPeserta");
                json.WriteString("kode", segment.Code);
                json.WriteString("keterangan", segment.Text);
                json.WriteEndObject();
                json.WriteStartObject("statusPeserta");
                json.WriteString("kode", p.Deceased ? "2" : "0");
                json.WriteString("keterangan", p.Deceased ? "MENINGGAL" : "AKTIF");
                json.WriteEndObject();
                if (i % 5 == 4)
                {
                    json.WriteNull("noTelepon");
                }
                else
                {
                    json.WriteString("noTelepon", "08" + (1_200_000_000L + (i * 7919L % 8_000_000_000L)).ToString(CultureInfo.InvariantCulture));
                }

                json.WriteString("alamat", p.Street);
                json.WriteString("lastUpdate", p.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            records[i] = buffer.ToArray();
        }

        return records;
    }

    /// <summary>The DJP rows of every resident, in table column order.</summary>
    public static IEnumerable<string?[]> DjpRows(IReadOnlyList<SyntheticPerson> people)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            if (!seen.Add(p.Nik))
            {
                continue;
            }

            yield return
            [
                p.Nik,
                p.Nik,
                p.FullName,
                p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{p.Street} RT {p.Rt} RW {p.Rw}"),
                RegionCatalog.Default.Find(p.VillageCode)?.Name.ToUpperInvariant(),
                RegionCatalog.Default.Find(p.VillageCode[..6])?.Name.ToUpperInvariant(),
                RegionCatalog.Default.Find(p.VillageCode[..4])?.Name.ToUpperInvariant(),
                p.PostalCode,
                i % 10 == 9 ? "NE" : "AKTIF",
                (100 + (i % 899)).ToString(CultureInfo.InvariantCulture),
                p.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ];
        }
    }

    /// <summary>Writes the DJP table into a new SQLite file, as DJP's database would hold it; returns the rows.</summary>
    public static int WriteDjpSqlite(string path, IReadOnlyList<SyntheticPerson> people)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, null, CreateDjpSql(postgres: false));
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // Built from the constant column list, never from input.
#pragma warning disable CA2100
        insert.CommandText = $"INSERT INTO {DjpTable} VALUES ({string.Join(", ", s_djpColumns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
#pragma warning restore CA2100
        var parameters = s_djpColumns.Select((_, i) => insert.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text)).ToArray();
        var count = 0;
        foreach (var row in DjpRows(people))
        {
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = (object?)row[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
            count++;
        }

        transaction.Commit();
        return count;
    }

    /// <summary>Writes the DJP table into a PostgreSQL database (COPY; set-up, not measured); returns the rows.</summary>
    public static async Task<int> WriteDjpPostgresAsync(string connectionString, IReadOnlyList<SyntheticPerson> people, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        Execute(connection, null, CreateDjpSql(postgres: true));
        var count = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"{DjpTable}\" ({string.Join(", ", s_djpColumns.Select(c => "\"" + c + "\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in DjpRows(people))
            {
                await copy.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
                }

                count++;
            }

            await copy.CompleteAsync(cancellationToken);
        }

        Execute(connection, null, $"ANALYZE \"{DjpTable}\"");
        return count;
    }

    private static string CreateDjpSql(bool postgres)
    {
        string Q(string name) => postgres ? "\"" + name + "\"" : name;
        var columns = string.Join(", ", s_djpColumns.Select(c => Q(c) + " TEXT" + (c == "NPWP" ? " PRIMARY KEY" : c is "NAMA_WP" or "STATUS_WP" or "LAST_UPDATED" ? " NOT NULL" : "")));
        return $"CREATE TABLE {Q(DjpTable)} ({columns}); CREATE INDEX {Q("IX_" + DjpTable + "_LAST_UPDATED")} ON {Q(DjpTable)} ({Q("LAST_UPDATED")}, {Q("NPWP")});";
    }

    // The statements run here are built from the constants above, never from input.
#pragma warning disable CA2100
    internal static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
#pragma warning restore CA2100
}
