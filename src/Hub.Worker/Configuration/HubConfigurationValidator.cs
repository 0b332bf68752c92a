using System.Globalization;
using IntegrationHub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Configuration;

/// <summary>
/// Checks the whole configuration the API and the command line share before anything starts, and returns every
/// problem at once, each naming its setting: storage (<c>Hub:Storage</c>), every source (<c>Hub:Sources:*</c>,
/// the built-in <c>dukcapil</c> included) and log levels (<c>Logging:LogLevel:*</c>). A host adds its own
/// sections' checks (the API: samples, statistics) to the same list.
/// </summary>
public static class HubConfigurationValidator
{
    /// <summary>The largest batch a source may apply per transaction.</summary>
    public const int MaxBatchSize = 100_000;

    /// <summary>Every problem with the shared settings; empty when the hub can start.</summary>
    public static IReadOnlyList<ConfigurationProblem> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<ConfigurationProblem>();
        ValidateStorage(configuration, problems);
        ValidateSources(configuration, problems);
        ValidateLogLevels(configuration, problems);
        ValidateBackup(configuration, problems);
        Audit.AuditConfiguration.Validate(configuration, problems);
        Scheduling.SchedulerOptions.Validate(configuration, problems);
        Metrics.MetricsOptions.Validate(configuration, problems);
        return problems;
    }

    /// <summary>The backup settings (never throws; problems are reported by <see cref="Validate"/>).</summary>
    public static BackupOptions GetBackupOptions(this IConfiguration configuration) =>
        SafeBinder.Bind(configuration.GetSection(BackupOptions.SectionName), new BackupOptions(), new List<ConfigurationProblem>());

    private static void ValidateBackup(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        var before = problems.Count;
        var backup = SafeBinder.Bind(configuration.GetSection(BackupOptions.SectionName), new BackupOptions(), problems);
        if (problems.Count == before && !string.IsNullOrWhiteSpace(backup.PostgresBinDirectory) && !Directory.Exists(backup.PostgresBinDirectory))
        {
            problems.Add(new($"{BackupOptions.SectionName}:PostgresBinDirectory", $"the directory {backup.PostgresBinDirectory} does not exist."));
        }
    }

    private static void ValidateStorage(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        var before = problems.Count;
        var storage = SafeBinder.Bind(configuration.GetSection(StorageOptions.SectionName), new StorageOptions(), problems);
        if (problems.Count > before)
        {
            return;
        }

        foreach (var problem in storage.Validate())
        {
            // StorageOptions names its setting first: "Hub:Storage:X (HUB_...) is ...".
            var space = problem.IndexOf(' ', StringComparison.Ordinal);
            problems.Add(space > 0 ? new(problem[..space], problem[(space + 1)..]) : new(StorageOptions.SectionName, problem));
        }
    }

    private static void ValidateSources(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        var names = configuration.GetSection(SourceOptions.SectionName).GetChildren().Select(c => c.Key)
            .Append("dukcapil")
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var section = configuration.GetSection(SourceOptions.SectionName).GetSection(name);
            var prefix = $"{SourceOptions.SectionName}:{name}";
            var before = problems.Count;
            var source = SafeBinder.Bind(section, new SourceOptions(), problems);
            if (problems.Count > before)
            {
                continue;
            }

            ValidateSource(name, prefix, source, problems);
        }
    }

    private static void ValidateSource(string name, string prefix, SourceOptions source, List<ConfigurationProblem> problems)
    {
        if (source.BatchSize is < 1 or > MaxBatchSize)
        {
            problems.Add(new($"{prefix}:BatchSize", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxBatchSize}; is {source.BatchSize}.")));
        }

        if (!string.IsNullOrWhiteSpace(source.Schedule) && Scheduling.SchedulerOptions.CronProblem(source.Schedule) is { } cron)
        {
            problems.Add(new($"{prefix}:Schedule", cron));
        }

        var mapping = source.Mapping ?? Path.Combine("mappings", name + ".json");
        var mappingPath = Path.IsPathRooted(mapping) ? mapping : Path.Combine(AppContext.BaseDirectory, mapping);
        if (!File.Exists(mappingPath))
        {
            problems.Add(new($"{prefix}:Mapping", $"the mapping file {mappingPath} does not exist."));
        }

        switch (source.Kind)
        {
            case SourceKinds.CsvFile:
                if (source.Csv.Delimiter.Length != 1)
                {
                    problems.Add(new($"{prefix}:Csv:Delimiter", "must be exactly one character."));
                }

                if (source.Csv.Encoding.Trim().ToUpperInvariant() is not ("UTF-8" or "UTF8" or "WINDOWS-1252" or "CP1252"))
                {
                    problems.Add(new($"{prefix}:Csv:Encoding", $"'{source.Csv.Encoding}' is not known; use utf-8 or windows-1252."));
                }

                if (string.IsNullOrWhiteSpace(source.Csv.Pattern))
                {
                    problems.Add(new($"{prefix}:Csv:Pattern", "must not be empty (default *.csv)."));
                }

                break;
            case SourceKinds.RestJson:
                foreach (var problem in source.Rest.Validate())
                {
                    problems.Add(new($"{prefix}:Rest", problem));
                }

                break;
            case SourceKinds.SqlTable:
                var sql = source.Sql;
                Require(problems, $"{prefix}:Sql:ProviderName", sql.ProviderName, "the ADO.NET provider, e.g. Npgsql or Microsoft.Data.Sqlite");
                Require(problems, $"{prefix}:Sql:Table", sql.Table, "the table to read");
                Require(problems, $"{prefix}:Sql:KeyColumn", sql.KeyColumn, "a unique, non-null column");
                Require(problems, $"{prefix}:Sql:IncrementalColumn", sql.IncrementalColumn, "a column that grows on every change");
                if (string.IsNullOrWhiteSpace(sql.ConnectionString) == string.IsNullOrWhiteSpace(sql.ConnectionStringVariable))
                {
                    problems.Add(new($"{prefix}:Sql:ConnectionString", "give exactly one of ConnectionString and ConnectionStringVariable."));
                }

                if (sql.CommandTimeoutSeconds is < 1 or > 3600)
                {
                    problems.Add(new($"{prefix}:Sql:CommandTimeoutSeconds", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and 3600; is {sql.CommandTimeoutSeconds}.")));
                }

                break;
            default:
                problems.Add(new($"{prefix}:Kind", $"'{source.Kind}' is not a source kind this build can read; known: {SourceKinds.CsvFile}, {SourceKinds.RestJson}, {SourceKinds.SqlTable}."));
                break;
        }
    }

    private static void Require(List<ConfigurationProblem> problems, string setting, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(setting, $"is required: {what}."));
        }
    }

    private static void ValidateLogLevels(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        foreach (var section in new[] { configuration.GetSection("Logging:LogLevel"), configuration.GetSection("Logging:Console:LogLevel") })
        {
            foreach (var level in section.GetChildren())
            {
                if (level.Value is { } value && !Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
                {
                    problems.Add(new(level.Path, $"'{value}' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None."));
                }
            }
        }
    }
}
