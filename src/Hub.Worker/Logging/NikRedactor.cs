using System.Text.RegularExpressions;

namespace IntegrationHub.Worker.Logging;

/// <summary>
/// Masks anything in log text that looks like a NIK or another 16-digit personal number (KK, NPWP-16):
/// a run of exactly 16 digits not inside a longer run of digits. The last line of defence for messages the hub
/// does not write itself (framework request logs, exception messages).
/// </summary>
public static partial class NikRedactor
{
    [GeneratedRegex(@"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SixteenDigits();

    /// <summary>The text with every 16-digit run masked as 1234********5678.</summary>
    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? string.Empty : SixteenDigits().Replace(text, "$1********$2");
}
