using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Configuration;

/// <summary>
/// Binds a configuration section to an options object one setting at a time, so that every unreadable value
/// (<c>BatchSize = "lots"</c>) and every unknown key (a misspelt setting would otherwise be ignored silently) is
/// reported, instead of the first failure ending the bind with an exception.
/// </summary>
public static class SafeBinder
{
    private static readonly string[] s_secretWords = ["password", "secret", "key", "token", "connectionstring"];

    /// <summary>Binds <paramref name="section"/> onto <paramref name="target"/>, adding a problem per setting that cannot be read.</summary>
    public static T Bind<T>(IConfigurationSection section, T target, ICollection<ConfigurationProblem> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(problems);
        BindObject(section, target, problems);
        return target;
    }

    private static void BindObject(IConfigurationSection section, object target, ICollection<ConfigurationProblem> problems)
    {
        var properties = target.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add(new(child.Path, $"is not a known setting; known here: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}."));
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(type))
            {
                if (child.Value is null)
                {
                    problems.Add(new(child.Path, $"must be a single value ({Describe(type)}), not a section."));
                    continue;
                }

                try
                {
                    property.SetValue(target, section.GetValue(property.PropertyType, child.Key));
                }
                catch (InvalidOperationException)
                {
                    problems.Add(new(child.Path, $"{Show(child)} is not {Describe(type)}."));
                }
            }
            else if (IsCollection(type))
            {
                try
                {
                    property.SetValue(target, child.Get(property.PropertyType));
                }
                catch (InvalidOperationException)
                {
                    problems.Add(new(child.Path, $"cannot be read as {Describe(type)}."));
                }
            }
            else
            {
                var nested = property.GetValue(target) ?? Activator.CreateInstance(type);
                if (nested is null)
                {
                    continue;
                }

                BindObject(child, nested, problems);
                property.SetValue(target, nested);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) ||
        type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) || type.IsInterface;

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
        _ when type == typeof(Uri) => "an address",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(string) => "text",
        _ when IsCollection(type) => "a list or map of values",
        _ => type.Name,
    };

    // The value is quoted to help find it, unless the setting's name suggests a secret.
    private static string Show(IConfigurationSection section)
    {
        var name = section.Key.Replace("_", "", StringComparison.Ordinal);
        if (s_secretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return "the value";
        }

        var value = section.Value ?? "";
        return "'" + (value.Length > 40 ? value[..40] + "..." : value) + "'";
    }
}
