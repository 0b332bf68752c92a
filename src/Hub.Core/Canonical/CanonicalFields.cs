namespace IntegrationHub.Core.Canonical;

/// <summary>The fields of the canonical person. The JSON schema and this list are kept equal by a test.</summary>
public static class CanonicalFields
{
    public static readonly CanonicalField Nik = new("nik", FieldKind.Identifier, "Nomor Induk Kependudukan, 16 digits.");
    public static readonly CanonicalField Kk = new("kk", FieldKind.Identifier, "Family card number (No. KK), 16 digits.");
    public static readonly CanonicalField FullName = new("name.full", FieldKind.Text, "Full name as written by the source.");
    public static readonly CanonicalField NormalisedName = new("name.normalised", FieldKind.Text, "Full name normalised for matching (titles and degrees removed, spelling variants unified).");
    public static readonly CanonicalField BirthPlace = new("birthPlace", FieldKind.Text, "Place of birth as written.");
    public static readonly CanonicalField BirthDate = new("birthDate", FieldKind.Date, "Date of birth.");
    public static readonly CanonicalField Sex = new("sex", FieldKind.Code, "male or female.");
    public static readonly CanonicalField BloodType = new("bloodType", FieldKind.Code, "A, B, AB, O, with optional rhesus (+/-).");
    public static readonly CanonicalField Religion = new("religion", FieldKind.Code, "islam, kristen, katolik, hindu, buddha, khonghucu, kepercayaan.");
    public static readonly CanonicalField MaritalStatus = new("maritalStatus", FieldKind.Code, "belum_kawin, kawin, cerai_hidup, cerai_mati.");
    public static readonly CanonicalField Occupation = new("occupation", FieldKind.Text, "Occupation as written.");
    public static readonly CanonicalField MotherName = new("motherName", FieldKind.Text, "Mother's maiden name.");
    public static readonly CanonicalField Street = new("address.street", FieldKind.Text, "Street address.");
    public static readonly CanonicalField Rt = new("address.rt", FieldKind.Identifier, "Rukun Tetangga, 3 digits.");
    public static readonly CanonicalField Rw = new("address.rw", FieldKind.Identifier, "Rukun Warga, 3 digits.");
    public static readonly CanonicalField VillageCode = new("address.villageCode", FieldKind.Identifier, "Kemendagri village code, 10 digits.");
    public static readonly CanonicalField VillageName = new("address.villageName", FieldKind.Text, "Village (desa/kelurahan) name.");
    public static readonly CanonicalField DistrictCode = new("address.districtCode", FieldKind.Identifier, "Kemendagri district code, 6 digits.");
    public static readonly CanonicalField DistrictName = new("address.districtName", FieldKind.Text, "District (kecamatan) name.");
    public static readonly CanonicalField RegencyCode = new("address.regencyCode", FieldKind.Identifier, "Kemendagri regency/city code, 4 digits.");
    public static readonly CanonicalField RegencyName = new("address.regencyName", FieldKind.Text, "Regency or city name.");
    public static readonly CanonicalField ProvinceCode = new("address.provinceCode", FieldKind.Identifier, "Kemendagri province code, 2 digits.");
    public static readonly CanonicalField ProvinceName = new("address.provinceName", FieldKind.Text, "Province name.");
    public static readonly CanonicalField PostalCode = new("address.postalCode", FieldKind.Identifier, "Postal code, 5 digits.");
    public static readonly CanonicalField VitalStatus = new("vital.status", FieldKind.Code, "alive or deceased.");
    public static readonly CanonicalField DateOfDeath = new("vital.dateOfDeath", FieldKind.Date, "Date of death, when deceased.");
    public static readonly CanonicalField Npwp = new("npwp", FieldKind.Identifier, "Tax number: 16 digits (15-digit legacy numbers are normalised).");
    public static readonly CanonicalField TaxStatus = new("tax.status", FieldKind.Code, "aktif or ne (non-efektif).");
    public static readonly CanonicalField TaxOffice = new("tax.office", FieldKind.Identifier, "KPP (tax office) code.");
    public static readonly CanonicalField BpjsCardNumber = new("bpjs.cardNumber", FieldKind.Identifier, "BPJS Kesehatan card number, 13 digits.");
    public static readonly CanonicalField BpjsSegment = new("bpjs.segment", FieldKind.Text, "BPJS membership segment (jenis peserta).");
    public static readonly CanonicalField BpjsStatus = new("bpjs.status", FieldKind.Text, "BPJS membership status (status peserta).");
    public static readonly CanonicalField Phone = new("phone", FieldKind.Identifier, "Telephone number, digits with an optional leading +.");
    public static readonly CanonicalField UpdatedAt = new("sourceUpdatedAt", FieldKind.Text, "When the source last changed the record (ISO 8601), as the source reports it.");

    /// <summary>All fields, in schema order.</summary>
    public static IReadOnlyList<CanonicalField> All { get; } =
    [
        Nik, Kk, FullName, NormalisedName, BirthPlace, BirthDate, Sex, BloodType, Religion, MaritalStatus, Occupation,
        MotherName, Street, Rt, Rw, VillageCode, VillageName, DistrictCode, DistrictName, RegencyCode, RegencyName,
        ProvinceCode, ProvinceName, PostalCode, VitalStatus, DateOfDeath, Npwp, TaxStatus, TaxOffice, BpjsCardNumber,
        BpjsSegment, BpjsStatus, Phone, UpdatedAt,
    ];

    private static readonly Dictionary<string, CanonicalField> s_byPath = All.ToDictionary(f => f.Path, StringComparer.Ordinal);

    /// <summary>Finds a field by its dotted path.</summary>
    public static CanonicalField? Find(string path) => s_byPath.GetValueOrDefault(path);
}
