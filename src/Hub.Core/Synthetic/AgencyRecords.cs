using IntegrationHub.Core.Identity;

namespace IntegrationHub.Core.Synthetic;

/// <summary>One Dukcapil biodata row: the person as the registry holds them (possibly a second registration).</summary>
/// <param name="PersonId">The true person's stable id.</param>
/// <param name="Person">The row's values: NIK, KK, name, address... as written.</param>
/// <param name="Noise">How the row differs from the person.</param>
public sealed record DukcapilRecord(string PersonId, SyntheticPerson Person, RecordNoise Noise);

/// <summary>One BPJS Kesehatan participant (VClaim-style fields).</summary>
/// <param name="PersonId">The true person's stable id.</param>
/// <param name="CardNumber">noKartu, 13 digits; unique.</param>
/// <param name="Nik">The NIK as BPJS holds it: null, mistyped, or someone else's per <paramref name="Noise"/>.</param>
/// <param name="Name">nama.</param>
/// <param name="Sex">sex.</param>
/// <param name="BirthDate">tglLahir.</param>
/// <param name="SegmentCode">jenisPeserta.kode.</param>
/// <param name="SegmentText">jenisPeserta.keterangan.</param>
/// <param name="ReportedDeceased">Whether statusPeserta says MENINGGAL.</param>
/// <param name="VillageCode">The village of the address BPJS holds (for the primary-care provider).</param>
/// <param name="Street">alamat.</param>
/// <param name="Phone">noTelepon, or null.</param>
/// <param name="LastUpdate">lastUpdate.</param>
/// <param name="Noise">How the record differs from the person.</param>
public sealed record BpjsRecord(
    string PersonId,
    string CardNumber,
    string? Nik,
    string Name,
    Sex Sex,
    DateOnly BirthDate,
    string SegmentCode,
    string SegmentText,
    bool ReportedDeceased,
    string VillageCode,
    string Street,
    string? Phone,
    DateTime LastUpdate,
    RecordNoise Noise);

/// <summary>One DJP taxpayer row (table WAJIB_PAJAK).</summary>
/// <param name="PersonId">The true person's stable id.</param>
/// <param name="Npwp">NPWP: the NIK (16 digits) or a legacy 15-digit number; unique.</param>
/// <param name="Nik">The NIK column: null or someone else's per <paramref name="Noise"/>.</param>
/// <param name="Name">NAMA_WP.</param>
/// <param name="BirthDate">TGL_LAHIR.</param>
/// <param name="Street">The street line of ALAMAT.</param>
/// <param name="Rt">RT, three digits.</param>
/// <param name="Rw">RW, three digits.</param>
/// <param name="VillageCode">The village of the address (KELURAHAN, KECAMATAN and KOTA are its names).</param>
/// <param name="PostalCode">KODE_POS.</param>
/// <param name="Active">STATUS_WP AKTIF, else NE.</param>
/// <param name="OfficeCode">KODE_KPP, three digits.</param>
/// <param name="LastUpdated">LAST_UPDATED.</param>
/// <param name="Noise">How the row differs from the person.</param>
public sealed record DjpRecord(
    string PersonId,
    string Npwp,
    string? Nik,
    string Name,
    DateOnly BirthDate,
    string Street,
    string Rt,
    string Rw,
    string VillageCode,
    string PostalCode,
    bool Active,
    string OfficeCode,
    DateTime LastUpdated,
    RecordNoise Noise);

/// <summary>One true person and every record the three agencies hold of them.</summary>
/// <param name="PersonId">Stable id: <c>P</c> and the person's number in generation order, eight digits.</param>
/// <param name="Truth">The person as generated, before any agency rendered them.</param>
/// <param name="Dukcapil">One row, two for a double registration.</param>
/// <param name="Bpjs">None (not enrolled), one, or two (a second card).</param>
/// <param name="Djp">None or one.</param>
public sealed record PersonRecords(
    string PersonId,
    SyntheticPerson Truth,
    IReadOnlyList<DukcapilRecord> Dukcapil,
    IReadOnlyList<BpjsRecord> Bpjs,
    IReadOnlyList<DjpRecord> Djp);
