namespace IntegrationHub.Core.Canonical;

/// <summary>How a canonical value is written as text: every canonical value is stored as a string in one normal form.</summary>
public enum FieldKind
{
    /// <summary>Free text, trimmed.</summary>
    Text = 1,
    /// <summary>An ISO date, yyyy-MM-dd.</summary>
    Date,
    /// <summary>A code from a fixed set (sex: male/female; vital status: alive/deceased; ...).</summary>
    Code,
    /// <summary>An identifier made of digits (NIK, KK, NPWP, BPJS card number, region codes).</summary>
    Identifier,
}
