using System.Globalization;
using System.Text;
using IntegrationHub.Connectors.Csv;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.Names;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Connectors.Dukcapil;

/// <summary>
/// The Dukcapil biodata export (SIAK style): a <c>;</c>-delimited file with a header row, dates as
/// dd-MM-yyyy, update stamps as yyyy-MM-dd HH:mm:ss. Maps each row to the canonical person, or quarantines it
/// with the column and rule that refused it. Dukcapil is the authority for identity fields, so a row whose NIK
/// contradicts its own birth date or sex is quarantined rather than used as a key.
/// </summary>
public sealed class DukcapilBiodata
{
    /// <summary>The source name under which records and lineage are kept.</summary>
    public const string SourceName = "dukcapil";

    /// <summary>The columns of the export, in their usual order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "NIK", "NO_KK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "GOL_DRH", "AGAMA", "STAT_KWN", "JENIS_PKRJN",
        "NAMA_LGKP_IBU", "ALAMAT", "NO_RT", "NO_RW", "NO_PROP", "NO_KAB", "NO_KEC", "NO_KEL", "KODE_POS", "STAT_HIDUP",
        "TGL_MATI", "TGL_UPDATE",
    ];

    private const int NikCol = 0, KkCol = 1, NameCol = 2, BirthPlaceCol = 3, BirthDateCol = 4, SexCol = 5, BloodCol = 6, ReligionCol = 7,
        MaritalCol = 8, OccupationCol = 9, MotherCol = 10, StreetCol = 11, RtCol = 12, RwCol = 13, ProvCol = 14, KabCol = 15,
        KecCol = 16, KelCol = 17, PostalCol = 18, AliveCol = 19, DeathCol = 20, UpdatedCol = 21;

    private static readonly Dictionary<string, string> s_religion = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = "islam", ["ISLAM"] = "islam",
        ["2"] = "kristen", ["KRISTEN"] = "kristen", ["PROTESTAN"] = "kristen",
        ["3"] = "katolik", ["KATOLIK"] = "katolik", ["KATHOLIK"] = "katolik",
        ["4"] = "hindu", ["HINDU"] = "hindu",
        ["5"] = "buddha", ["BUDHA"] = "buddha", ["BUDDHA"] = "buddha",
        ["6"] = "khonghucu", ["KHONGHUCU"] = "khonghucu", ["KONGHUCU"] = "khonghucu",
        ["7"] = "kepercayaan", ["KEPERCAYAAN"] = "kepercayaan", ["KEPERCAYAAN TERHADAP TUHAN YME"] = "kepercayaan",
    };

    private static readonly Dictionary<string, string> s_marital = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = "belum_kawin", ["BELUM KAWIN"] = "belum_kawin",
        ["2"] = "kawin", ["KAWIN"] = "kawin",
        ["3"] = "cerai_hidup", ["CERAI HIDUP"] = "cerai_hidup",
        ["4"] = "cerai_mati", ["CERAI MATI"] = "cerai_mati",
    };

    // SIAK blood-group codes 1–13; 13 (and "-") mean unknown.
    private static readonly Dictionary<string, string?> s_blood = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = "A", ["2"] = "B", ["3"] = "AB", ["4"] = "O", ["5"] = "A+", ["6"] = "A-", ["7"] = "B+", ["8"] = "B-",
        ["9"] = "AB+", ["10"] = "AB-", ["11"] = "O+", ["12"] = "O-", ["13"] = null, ["TIDAK TAHU"] = null, ["-"] = null,
        ["A"] = "A", ["B"] = "B", ["AB"] = "AB", ["O"] = "O", ["A+"] = "A+", ["A-"] = "A-", ["B+"] = "B+", ["B-"] = "B-",
        ["AB+"] = "AB+", ["AB-"] = "AB-", ["O+"] = "O+", ["O-"] = "O-",
    };

    private readonly string _sourceName;
    private readonly RegionCatalog _regions;
    private readonly TimeProvider _time;
    private readonly DelimitedFileReader _reader;

    /// <summary>Creates the reader; <paramref name="encoding"/> null means UTF-8; records are kept under <paramref name="sourceName"/>.</summary>
    public DukcapilBiodata(RegionCatalog regions, TimeProvider time, Encoding? encoding = null, string sourceName = SourceName)
    {
        _sourceName = sourceName;
        _regions = regions;
        _time = time;
        _reader = new DelimitedFileReader(';', encoding);
    }

    /// <summary>Reads and maps every row of an export, in file order. Throws <see cref="SourceFormatException"/> when the header is not an export's.</summary>
    public IEnumerable<ReadOutcome> Read(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        foreach (var outcome in Read(stream, Path.GetFileName(path), cancellationToken))
        {
            yield return outcome;
        }
    }

    /// <summary>Reads and maps an export from a stream the caller owns; <paramref name="location"/> names it in lineage and quarantine.</summary>
    public IEnumerable<ReadOutcome> Read(Stream stream, string location, CancellationToken cancellationToken)
    {
        foreach (var (row, malformed) in _reader.Read(stream, location, Columns, cancellationToken))
        {
            yield return row is not null
                ? Map(row, location)
                : ReadOutcome.Quarantine(new QuarantinedRow(_sourceName, location, malformed!.Line, malformed.Reason, null, malformed.Message, malformed.Raw));
        }
    }

    /// <summary>Maps one row (fields in <see cref="Columns"/> order).</summary>
    public ReadOutcome Map(DelimitedRow row, string? location)
    {
        ArgumentNullException.ThrowIfNull(row);
        var f = row.Fields;
        ReadOutcome Refuse(string reason, int column, string message) =>
            ReadOutcome.Quarantine(new QuarantinedRow(_sourceName, location, row.Line, reason, Columns[column], message, row.Raw));

        var nikResult = Nik.Parse(f[NikCol]);
        if (!nikResult.Success)
        {
            return Refuse("nik." + nikResult.Error, NikCol, nikResult.Message!);
        }

        var nik = nikResult.Value;
        if (string.IsNullOrWhiteSpace(f[NameCol]))
        {
            return Refuse("field.Required", NameCol, "NAMA_LGKP is empty.");
        }

        if (!TryDate(f[BirthDateCol], out var birthDate))
        {
            return Refuse("date.Invalid", BirthDateCol, "TGL_LHR is not a date in the form dd-MM-yyyy.");
        }

        if (birthDate > DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime))
        {
            return Refuse("date.Future", BirthDateCol, "TGL_LHR is in the future.");
        }

        Sex? sex = f[SexCol].Trim().ToUpperInvariant() switch
        {
            "1" or "L" or "LAKI-LAKI" => Sex.Male,
            "2" or "P" or "PEREMPUAN" => Sex.Female,
            _ => null,
        };
        if (sex is null)
        {
            return Refuse("code.Unknown", SexCol, "JENIS_KLMIN is neither 1 (LAKI-LAKI) nor 2 (PEREMPUAN).");
        }

        var consistency = nik.AgreesWith(birthDate, sex);
        if (!consistency.Agrees)
        {
            var what = consistency.BirthDateAgrees ? "sex (JENIS_KLMIN)" : consistency.SexAgrees ? "birth date (TGL_LHR)" : "birth date and sex";
            return Refuse("nik.ContradictsRecord", NikCol, $"The NIK encodes a different {what} than the row states.");
        }

        if (!TryCode(s_religion, f[ReligionCol], out var religion))
        {
            return Refuse("code.Unknown", ReligionCol, "AGAMA is not a known religion code.");
        }

        if (!TryCode(s_marital, f[MaritalCol], out var marital))
        {
            return Refuse("code.Unknown", MaritalCol, "STAT_KWN is not a known marital status code.");
        }

        if (!TryNullableCode(s_blood, f[BloodCol], out var blood))
        {
            return Refuse("code.Unknown", BloodCol, "GOL_DRH is not a known blood group code.");
        }

        var kk = f[KkCol].Trim();
        if (kk.Length > 0 && (kk.Length != 16 || !kk.All(char.IsAsciiDigit)))
        {
            return Refuse("kk.Invalid", KkCol, "NO_KK is not 16 digits.");
        }

        string? vital = f[AliveCol].Trim().ToUpperInvariant() switch
        {
            "1" or "HIDUP" => "alive",
            "2" or "MENINGGAL" or "MATI" => "deceased",
            "" => null,
            _ => "?",
        };
        if (vital == "?")
        {
            return Refuse("code.Unknown", AliveCol, "STAT_HIDUP is neither 1 (hidup) nor 2 (meninggal).");
        }

        DateOnly? death = null;
        if (!string.IsNullOrWhiteSpace(f[DeathCol]))
        {
            if (!TryDate(f[DeathCol], out var d) || d < birthDate)
            {
                return Refuse("date.Invalid", DeathCol, "TGL_MATI is not a date in the form dd-MM-yyyy on or after TGL_LHR.");
            }

            death = d;
        }

        string? updatedAt = null;
        if (!string.IsNullOrWhiteSpace(f[UpdatedCol]))
        {
            if (!DateTime.TryParseExact(f[UpdatedCol].Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var updated))
            {
                return Refuse("date.Invalid", UpdatedCol, "TGL_UPDATE is not a time in the form yyyy-MM-dd HH:mm:ss.");
            }

            // SIAK stamps are Western Indonesian Time (UTC+7).
            updatedAt = new DateTimeOffset(updated, TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        var name = Collapse(f[NameCol]);
        var builder = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik.Value, "NIK")
            .Set(CanonicalFields.Kk, kk, "NO_KK")
            .Set(CanonicalFields.FullName, name, "NAMA_LGKP")
            .Set(CanonicalFields.NormalisedName, IndonesianNameNormaliser.Normalise(name).Normalised, "NAMA_LGKP normalised")
            .Set(CanonicalFields.BirthPlace, Collapse(f[BirthPlaceCol]), "TMPT_LHR")
            .Set(CanonicalFields.BirthDate, birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "TGL_LHR dd-MM-yyyy")
            .Set(CanonicalFields.Sex, sex == Sex.Male ? "male" : "female", "JENIS_KLMIN code")
            .Set(CanonicalFields.BloodType, blood, "GOL_DRH code")
            .Set(CanonicalFields.Religion, religion, "AGAMA code")
            .Set(CanonicalFields.MaritalStatus, marital, "STAT_KWN code")
            .Set(CanonicalFields.Occupation, Collapse(f[OccupationCol]), "JENIS_PKRJN")
            .Set(CanonicalFields.MotherName, Collapse(f[MotherCol]), "NAMA_LGKP_IBU")
            .Set(CanonicalFields.Street, Collapse(f[StreetCol]), "ALAMAT")
            .Set(CanonicalFields.Rt, Pad(f[RtCol], 3), "NO_RT")
            .Set(CanonicalFields.Rw, Pad(f[RwCol], 3), "NO_RW")
            .Set(CanonicalFields.PostalCode, f[PostalCol], "KODE_POS")
            .Set(CanonicalFields.VitalStatus, vital, "STAT_HIDUP code")
            .Set(CanonicalFields.DateOfDeath, death?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "TGL_MATI dd-MM-yyyy")
            .Set(CanonicalFields.UpdatedAt, updatedAt, "TGL_UPDATE yyyy-MM-dd HH:mm:ss WIB");
        SetRegion(builder, f);
        return ReadOutcome.Accept(new SourceRecord(_sourceName, nik.Value, nik, builder.Build(), location, row.Line));
    }

    private void SetRegion(CanonicalRecord.Builder builder, IReadOnlyList<string> f)
    {
        var prov = Pad(f[ProvCol], 2);
        var kab = Pad(f[KabCol], 2);
        var kec = Pad(f[KecCol], 2);
        var kel = Pad(f[KelCol], 4);
        if (prov is null)
        {
            return;
        }

        builder.Set(CanonicalFields.ProvinceCode, prov, "NO_PROP")
            .Set(CanonicalFields.ProvinceName, _regions.Find(prov)?.Name, "NO_PROP region name");
        if (kab is null)
        {
            return;
        }

        builder.Set(CanonicalFields.RegencyCode, prov + kab, "NO_PROP+NO_KAB")
            .Set(CanonicalFields.RegencyName, _regions.Find(prov + kab)?.Name, "NO_PROP+NO_KAB region name");
        if (kec is null)
        {
            return;
        }

        builder.Set(CanonicalFields.DistrictCode, prov + kab + kec, "NO_PROP+NO_KAB+NO_KEC")
            .Set(CanonicalFields.DistrictName, _regions.Find(prov + kab + kec)?.Name, "NO_PROP+NO_KAB+NO_KEC region name");
        if (kel is null)
        {
            return;
        }

        builder.Set(CanonicalFields.VillageCode, prov + kab + kec + kel, "NO_PROP+NO_KAB+NO_KEC+NO_KEL")
            .Set(CanonicalFields.VillageName, _regions.Find(prov + kab + kec + kel)?.Name, "NO_PROP+NO_KAB+NO_KEC+NO_KEL region name");
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "dd-MM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryCode(Dictionary<string, string> table, string text, out string? value)
    {
        var key = Collapse(text);
        if (key.Length == 0)
        {
            value = null;
            return true;
        }

        return table.TryGetValue(key, out value);
    }

    private static bool TryNullableCode(Dictionary<string, string?> table, string text, out string? value)
    {
        var key = Collapse(text);
        if (key.Length == 0)
        {
            value = null;
            return true;
        }

        return table.TryGetValue(key, out value);
    }

    private static string? Pad(string text, int width)
    {
        var t = text.Trim();
        return t.Length == 0 || !t.All(char.IsAsciiDigit) || t.Length > width ? (t.Length == 0 ? null : t) : t.PadLeft(width, '0');
    }

    private static string Collapse(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
