namespace IntegrationHub.Core.Regions;

/// <summary>The level of an administrative region in the Kemendagri code hierarchy.</summary>
public enum RegionLevel
{
    /// <summary>Provinsi, a 2-digit code.</summary>
    Province = 1,
    /// <summary>Kabupaten or kota, a 4-digit code.</summary>
    Regency = 2,
    /// <summary>Kecamatan, a 6-digit code.</summary>
    District = 3,
    /// <summary>Desa or kelurahan, a 10-digit code.</summary>
    Village = 4,
}

/// <summary>
/// One administrative region. <see cref="Code"/> is the undotted code (e.g. <c>320101</c> for
/// 32.01.01); <see cref="IsCurrent"/> is false for codes that only earlier lists carry, which
/// NIKs issued before a split or renumbering still use.
/// </summary>
public sealed record Region(string Code, string Name, RegionLevel Level, bool IsCurrent, string? LastListedIn)
{
    /// <summary>The code as Kemendagri writes it, with dots (32.01.01.2001).</summary>
    public string DottedCode => Level switch
    {
        RegionLevel.Province => Code,
        RegionLevel.Regency => $"{Code[..2]}.{Code[2..4]}",
        RegionLevel.District => $"{Code[..2]}.{Code[2..4]}.{Code[4..6]}",
        _ => $"{Code[..2]}.{Code[2..4]}.{Code[4..6]}.{Code[6..]}",
    };
}
