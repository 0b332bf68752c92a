using IntegrationHub.Storage;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Configuration;

/// <summary>
/// The one way the API and the command line learn where data lives and which sources exist. Later sources win:
/// built-in defaults, <c>appsettings.json</c> beside the program, the file named by <c>HUB_CONFIG</c>, environment
/// variables (<c>Hub__Storage__DataDirectory</c> style), and finally the short overrides <c>HUB_DATA_DIR</c> and
/// <c>HUB_POSTGRES</c>.
/// </summary>
public static class HubConfiguration
{
    /// <summary>The SQLite directory override.</summary>
    public const string DataDirVariable = "HUB_DATA_DIR";

    /// <summary>The PostgreSQL connection string override; setting it selects PostgreSQL.</summary>
    public const string PostgresVariable = "HUB_POSTGRES";

    /// <summary>An extra JSON configuration file.</summary>
    public const string ConfigFileVariable = "HUB_CONFIG";

    /// <summary>The setting naming the key file that encrypts webhook secrets at rest (see <see cref="StorageOptions.SecretsKeyFile"/>).</summary>
    public const string SecretsKeyFileSetting = "Hub:Secrets:KeyFile";

    /// <summary>Adds the hub's sources, in order, to a builder (the API's or the command line's).</summary>
    public static IConfigurationBuilder AddHubSources(this IConfigurationBuilder builder, IDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var env = environment ?? ReadEnvironment();
        var file = env.TryGetValue(ConfigFileVariable, out var f) ? f : null;
        if (!string.IsNullOrWhiteSpace(file))
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (env.TryGetValue(DataDirVariable, out var dir) && !string.IsNullOrWhiteSpace(dir))
        {
            overrides[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = dir;
        }

        if (env.TryGetValue(PostgresVariable, out var pg) && !string.IsNullOrWhiteSpace(pg))
        {
            overrides[$"{StorageOptions.SectionName}:{nameof(StorageOptions.PostgresConnectionString)}"] = pg;
        }

        return builder.AddInMemoryCollection(overrides);
    }

    /// <summary>The configuration the command line uses.</summary>
    public static IConfiguration BuildForCommandLine()
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        return builder.AddHubSources().Build();
    }

    /// <summary>
    /// Storage options from configuration. Never throws: a setting that cannot be read keeps its default, and
    /// <see cref="HubConfigurationValidator"/> reports it (run it first).
    /// </summary>
    public static StorageOptions GetStorageOptions(this IConfiguration configuration)
    {
        var options = SafeBinder.Bind(configuration.GetSection(StorageOptions.SectionName), new StorageOptions(), new List<ConfigurationProblem>());
        if (configuration[SecretsKeyFileSetting] is { Length: > 0 } keyFile)
        {
            options.SecretsKeyFile = keyFile;
        }

        return options;
    }

    /// <summary>
    /// The configured sources by name, with the built-in ones filled in. Never throws: a setting that cannot be
    /// read keeps its default, and <see cref="HubConfigurationValidator"/> reports it (run it first).
    /// </summary>
    public static IReadOnlyDictionary<string, SourceOptions> GetSources(this IConfiguration configuration)
    {
        var sources = new Dictionary<string, SourceOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["dukcapil"] = new SourceOptions { Kind = SourceKinds.CsvFile },
        };
        foreach (var child in configuration.GetSection(SourceOptions.SectionName).GetChildren())
        {
            var options = sources.TryGetValue(child.Key, out var existing) ? existing : new SourceOptions();
            SafeBinder.Bind(child, options, new List<ConfigurationProblem>());
            sources[child.Key] = options;
        }

        return sources;
    }

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { DataDirVariable, PostgresVariable, ConfigFileVariable })
        {
            result[name] = Environment.GetEnvironmentVariable(name);
        }

        return result;
    }
}
