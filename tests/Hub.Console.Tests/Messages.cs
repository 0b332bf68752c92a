using System.Text.RegularExpressions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The console's message catalogues (wwwroot/console/js/messages/*.js) read from the source tree, so that tests
/// compare what the browser shows with what the catalogue says, in either language.
/// </summary>
internal static partial class Messages
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Catalogues = new(Load);

    [GeneratedRegex(@"^\s*'(?<key>[^']+)':\s*'(?<value>(?:[^'\\]|\\.)*)',\s*$", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    /// <summary>The message for key in language ("id" or "en"), with {name} placeholders filled.</summary>
    public static string Get(string language, string key, params (string Name, object Value)[] values)
    {
        Assert.True(Catalogues.Value[language].TryGetValue(key, out var text), $"no message {key} in {language}.js");
        var map = values.ToDictionary(v => v.Name, v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return Placeholder().Replace(text!, m => map.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    public static IReadOnlyCollection<string> Keys(string language) => Catalogues.Value[language].Keys.ToList();

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Load()
    {
        var directory = Path.Combine(ConsoleHub.RepositoryRoot(), "src", "Hub.Api", "wwwroot", "console", "js", "messages");
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var language in new[] { "id", "en" })
        {
            var text = File.ReadAllText(Path.Combine(directory, language + ".js"));
            result[language] = Entry().Matches(text).ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
        }

        return result;
    }
}
