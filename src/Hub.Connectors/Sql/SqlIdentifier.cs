using System.Text.RegularExpressions;

namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// Table and column names, which SQL cannot take as parameters. They are accepted only when they match a strict
/// pattern (ASCII letters, digits, underscore; at most 128 characters; a table may have one schema prefix), checked
/// against the names the database reports, and then quoted: three independent walls between configuration and SQL.
/// </summary>
internal static partial class SqlIdentifier
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    /// <summary>Whether <paramref name="name"/> is a plain column name.</summary>
    public static bool IsColumn(string? name) => name is not null && Part().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> is a table name with an optional single schema prefix.</summary>
    public static bool IsTable(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? Part().IsMatch(name)
            : Part().IsMatch(name[..dot]) && Part().IsMatch(name[(dot + 1)..]);
    }

    /// <summary>The schema (or null) and table of a name that passed <see cref="IsTable"/>.</summary>
    public static (string? Schema, string Table) SplitTable(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (null, name) : (name[..dot], name[(dot + 1)..]);
    }

    /// <summary>Shows a rejected name safely in a message: quoted, control characters escaped, cut to a readable length.</summary>
    public static string Show(string? name)
    {
        if (name is null)
        {
            return "(none)";
        }

        var shown = name.Length > 64 ? name[..64] + "…" : name;
        return "'" + string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";
    }
}
