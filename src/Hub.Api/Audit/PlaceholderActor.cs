namespace IntegrationHub.Api.Audit;

/// <summary>
/// PLACEHOLDER until API clients authenticate: who is reading, taken from the <c>X-Actor</c> request header
/// (<c>unauthenticated</c> when absent). Once API keys exist, the authenticated client id replaces this; nothing
/// here is a security boundary.
/// </summary>
internal static class PlaceholderActor
{
    public const string Header = "X-Actor";

    public const string Unauthenticated = "unauthenticated";

    public static string From(HttpContext context)
    {
        var value = context.Request.Headers[Header].ToString().Trim();
        // A plain token only: it becomes part of the audit chain.
        return value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@')
            ? value
            : Unauthenticated;
    }
}
