using System.Globalization;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Worker.Generation;

/// <summary>A row the writer corrupted on purpose, and the quarantine reason ingest must give it.</summary>
public sealed record PlantedDefect(long Line, string ExpectedReason);

/// <summary>What <see cref="DukcapilSampleWriter"/> wrote.</summary>
public sealed record SampleWriteResult(long Rows, IReadOnlyList<PlantedDefect> Defects);

/// <summary>
/// Writes synthetic residents as a Dukcapil biodata export (<c>;</c>-delimited SIAK columns), with a share of
/// rows deliberately broken in the ways real exports break: short or non-digit NIKs, unknown regions, impossible
/// dates, a NIK that contradicts the row's sex, rows missing a column. Each broken row is reported with the
/// quarantine reason ingest must give it, so tests and demos can check nothing is lost.
/// </summary>
public sealed class DukcapilSampleWriter(int seed, double defectRate)
{
    /// <summary>The columns of a SIAK biodata export, in their usual order.</summary>
    public static readonly string[] Columns =
    [
        "NIK", "NO_KK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "GOL_DRH", "AGAMA", "STAT_KWN", "JENIS_PKRJN",
        "NAMA_LGKP_IBU", "ALAMAT", "NO_RT", "NO_RW", "NO_PROP", "NO_KAB", "NO_KEC", "NO_KEL", "KODE_POS", "STAT_HIDUP",
        "TGL_MATI", "TGL_UPDATE",
    ];

    private static readonly string[] s_defectKinds =
    [
        "nik.WrongLength", "nik.NonDigit", "nik.UnknownProvince", "nik.ImpossibleDate", "date.Invalid", "nik.ContradictsRecord", "csv.FieldCount",
    ];

#pragma warning disable CA5394 // synthetic sample data, not security
    private readonly Random _random = new(seed ^ 0x5A17);

    /// <summary>Writes a header and one row per person.</summary>
    public SampleWriteResult Write(TextWriter output, IEnumerable<SyntheticPerson> people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(people);
        using var rows = Open(output);
        foreach (var person in people)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Write(person, mayBreak: true);
        }

        rows.Flush();
        return new SampleWriteResult(rows.Rows, rows.Defects);
    }

    /// <summary>Writes the header and returns a writer for the rows, for callers that produce them one at a time.</summary>
    public DukcapilRowWriter Open(TextWriter output) => new(output, this);

    // The same draw for every row, whether or not it may be broken, so the rows a seed breaks do not depend on
    // which rows the caller protects.
    internal string? NextDefect(long defectsSoFar, bool mayBreak) =>
        _random.NextDouble() < defectRate && mayBreak ? s_defectKinds[defectsSoFar % s_defectKinds.Length] : null;
#pragma warning restore CA5394

    internal static string[] ToFields(SyntheticPerson p)
    {
        var v = p.VillageCode;
        return
        [
            p.Nik, p.Kk, p.FullName, p.BirthPlace, Date(p.BirthDate), p.Sex == Sex.Male ? "1" : "2", p.BloodType ?? "TIDAK TAHU",
            Religion(p.Religion), Marital(p.MaritalStatus), p.Occupation, p.MotherName, p.Street,
            int.Parse(p.Rt, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            int.Parse(p.Rw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            v[..2], v[2..4], v[4..6], v[6..], p.PostalCode, p.Deceased ? "2" : "1",
            p.DateOfDeath is { } d ? Date(d) : "", p.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        ];
    }

    internal static string[] Corrupt(string[] fields, string kind, SyntheticPerson person)
    {
        var nik = fields[0];
        switch (kind)
        {
            case "nik.WrongLength":
                fields[0] = nik[..15];
                break;
            case "nik.NonDigit":
                fields[0] = string.Concat(nik.AsSpan(0, 10), "O", nik.AsSpan(11));
                break;
            case "nik.UnknownProvince":
                fields[0] = string.Concat("99", nik.AsSpan(2));
                break;
            case "nik.ImpossibleDate":
                fields[0] = string.Concat(nik.AsSpan(0, 8), "13", nik.AsSpan(10));
                break;
            case "date.Invalid":
                fields[4] = string.Concat("31-02-", person.BirthDate.Year.ToString(CultureInfo.InvariantCulture));
                break;
            case "nik.ContradictsRecord":
                fields[5] = person.Sex == Sex.Male ? "2" : "1";
                break;
            case "csv.FieldCount":
                fields = fields[..^1];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown defect kind.");
        }

        return fields;
    }

    private static string Date(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static string Religion(string canonical) => canonical switch
    {
        "islam" => "ISLAM",
        "kristen" => "KRISTEN",
        "katolik" => "KATHOLIK",
        "hindu" => "HINDU",
        "buddha" => "BUDHA",
        "khonghucu" => "KHONGHUCU",
        _ => "KEPERCAYAAN TERHADAP TUHAN YME",
    };

    private static string Marital(string canonical) => canonical switch
    {
        "belum_kawin" => "BELUM KAWIN",
        "kawin" => "KAWIN",
        "cerai_hidup" => "CERAI HIDUP",
        _ => "CERAI MATI",
    };
}
