using IntegrationHub.Core.Identity;

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// One synthetic resident as the civil registry (Dukcapil) would hold them: the truth before any source system
/// corrupts, abbreviates or loses a field. Names, addresses and occupations are upper case as SIAK writes them.
/// </summary>
/// <param name="Nik">16-digit NIK; valid for <see cref="IntegrationHub.Core.Identity.Nik.Parse"/> and unique within one generator.</param>
/// <param name="Kk">16-digit family card number: district code, issue date DDMMYY, 4-digit sequence.</param>
/// <param name="FullName">Legal name, possibly with a title or degree as written on the record.</param>
/// <param name="BirthPlace">Regency or city of birth in its everyday form ("BOGOR", "BANDUNG").</param>
/// <param name="BirthDate">Date of birth; agrees with the NIK.</param>
/// <param name="Sex">Sex; agrees with the NIK.</param>
/// <param name="BloodType">A, B, AB or O, sometimes with a rhesus sign; null when unknown, as it often is.</param>
/// <param name="Religion">islam, kristen, katolik, hindu, buddha, khonghucu or kepercayaan.</param>
/// <param name="MaritalStatus">belum_kawin, kawin, cerai_hidup or cerai_mati.</param>
/// <param name="Occupation">SIAK occupation text, e.g. "PELAJAR/MAHASISWA".</param>
/// <param name="MotherName">Mother's maiden name, without titles.</param>
/// <param name="Street">Street line: "JL. ... NO. n", "DUSUN ...", "KP. ...", "PERUM ... BLOK X NO. n" or "GG. ... NO. n".</param>
/// <param name="Rt">Rukun tetangga, three digits ("001").</param>
/// <param name="Rw">Rukun warga, three digits ("001").</param>
/// <param name="VillageCode">10-digit code of a current village in the district of residence.</param>
/// <param name="PostalCode">5-digit postal code; synthetic, but the same for every resident of a district.</param>
/// <param name="Deceased">Whether a death has been registered.</param>
/// <param name="DateOfDeath">Date of death when <paramref name="Deceased"/>; after birth, not after the generator's today.</param>
/// <param name="UpdatedAt">Last change to the record, local WIB wall time to the second.</param>
public sealed record SyntheticPerson(
    string Nik,
    string Kk,
    string FullName,
    string BirthPlace,
    DateOnly BirthDate,
    Sex Sex,
    string? BloodType,
    string Religion,
    string MaritalStatus,
    string Occupation,
    string MotherName,
    string Street,
    string Rt,
    string Rw,
    string VillageCode,
    string PostalCode,
    bool Deceased,
    DateOnly? DateOfDeath,
    DateTime UpdatedAt);
