using System.Globalization;
using IntegrationHub.Core.Regions;
using IntegrationHub.Core.Synthetic;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Generation;

/// <summary>
/// Writes DJP taxpayer rows into table <c>WAJIB_PAJAK</c> of a new SQLite file, in one transaction, with one
/// prepared statement. The table is the one the shipped <c>mappings/djp.json</c> reads.
/// </summary>
internal sealed class DjpTableWriter : IDisposable
{
    /// <summary>The table and the index the incremental SQL source reads it by.</summary>
    public const string CreateTable = """
        CREATE TABLE WAJIB_PAJAK (
            NPWP TEXT PRIMARY KEY, NIK TEXT, NAMA_WP TEXT NOT NULL, TGL_LAHIR TEXT, ALAMAT TEXT, KELURAHAN TEXT,
            KECAMATAN TEXT, KOTA TEXT, KODE_POS TEXT, STATUS_WP TEXT NOT NULL, KODE_KPP TEXT, LAST_UPDATED TEXT NOT NULL);
        CREATE INDEX IX_WAJIB_PAJAK_LAST_UPDATED ON WAJIB_PAJAK (LAST_UPDATED, NPWP);
        """;

    public const string InsertRow = """
        INSERT INTO WAJIB_PAJAK VALUES ($npwp, $nik, $nama, $lahir, $alamat, $kel, $kec, $kota, $pos, $status, $kpp, $updated)
        """;

    private static readonly string[] s_parameters = ["$npwp", "$nik", "$nama", "$lahir", "$alamat", "$kel", "$kec", "$kota", "$pos", "$status", "$kpp", "$updated"];

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _values;

    public DjpTableWriter(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = CreateTable;
            create.ExecuteNonQuery();
        }

        _transaction = _connection.BeginTransaction();
        _insert = _connection.CreateCommand();
        _insert.Transaction = _transaction;
        _insert.CommandText = InsertRow;
        _values = [.. s_parameters.Select(n => _insert.Parameters.Add(n, SqliteType.Text))];
        _insert.Prepare();
    }

    public void Insert(DjpRecord r)
    {
        var village = RegionCatalog.Default.Find(r.VillageCode);
        var district = RegionCatalog.Default.Find(r.VillageCode[..6]);
        var regency = RegionCatalog.Default.Find(r.VillageCode[..4]);
        string?[] values =
        [
            r.Npwp,
            r.Nik,
            r.Name,
            r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{r.Street} RT {r.Rt} RW {r.Rw}"),
            village?.Name.ToUpperInvariant(),
            district?.Name.ToUpperInvariant(),
            regency?.Name.ToUpperInvariant(),
            r.PostalCode,
            r.Active ? "AKTIF" : "NE",
            r.OfficeCode,
            r.LastUpdated.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        ];
        for (var i = 0; i < values.Length; i++)
        {
            _values[i].Value = (object?)values[i] ?? DBNull.Value;
        }

        _insert.ExecuteNonQuery();
    }

    public void Commit() => _transaction.Commit();

    public void Dispose()
    {
        _insert.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
    }
}
