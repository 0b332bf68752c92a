namespace IntegrationHub.Core.Names;

/// <summary>
/// The result of normalising a person's name into a matching key.
/// </summary>
/// <param name="Original">The input exactly as given (<c>""</c> when the input was <see langword="null"/>).</param>
/// <param name="Normalised">
/// The matching key: upper-case ASCII words separated by single spaces, or <c>""</c> when nothing remains.
/// </param>
/// <param name="Tokens">The words of <paramref name="Normalised"/>, in order; empty when it is <c>""</c>.</param>
/// <param name="RemovedTitles">
/// Honorifics, titles and degrees that were removed, upper case without dots, in the order they appeared.
/// </param>
public sealed record NormalisedName(
    string Original,
    string Normalised,
    IReadOnlyList<string> Tokens,
    IReadOnlyList<string> RemovedTitles);
