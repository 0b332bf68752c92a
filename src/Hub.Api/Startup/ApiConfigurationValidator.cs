using System.Globalization;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Api.Startup;

/// <summary>The API's own settings, checked with the shared ones at start-up: samples and statistics.</summary>
internal static class ApiConfigurationValidator
{
    public const int MinimumKeyLength = 16;

    /// <summary>Every problem with the API's configuration, the shared settings included.</summary>
    public static IReadOnlyList<ConfigurationProblem> Validate(IConfiguration configuration)
    {
        var problems = new List<ConfigurationProblem>(HubConfigurationValidator.Validate(configuration));

        var samplesBefore = problems.Count;
        var samples = SafeBinder.Bind(configuration.GetSection(SamplesOptions.SectionName), new SamplesOptions(), problems);
        if (problems.Count == samplesBefore && string.IsNullOrWhiteSpace(samples.Directory))
        {
            problems.Add(new($"{SamplesOptions.SectionName}:Directory", "must not be empty (default samples)."));
        }

        var statsBefore = problems.Count;
        var stats = SafeBinder.Bind(configuration.GetSection(StatsOptions.SectionName), new StatsOptions(), problems);
        if (problems.Count == statsBefore)
        {
            ValidateStats(stats, problems);
        }

        var accessBefore = problems.Count;
        var access = SafeBinder.Bind(configuration.GetSection(Access.AccessOptions.SectionName), new Access.AccessOptions(), problems);
        if (problems.Count == accessBefore)
        {
            ValidateAccess(access, problems);
        }

        return problems;
    }

    private static void ValidateAccess(Access.AccessOptions access, List<ConfigurationProblem> problems)
    {
        var prefix = Access.AccessOptions.SectionName;
        if (string.IsNullOrWhiteSpace(access.BootstrapKeyFile))
        {
            problems.Add(new($"{prefix}:BootstrapKeyFile", "must not be empty (default admin.key)."));
        }

        if (access.RateLimitPermits is < 0 or > 10_000_000)
        {
            problems.Add(new($"{prefix}:RateLimitPermits", string.Create(CultureInfo.InvariantCulture, $"must be between 0 (no limit) and 10000000; is {access.RateLimitPermits}.")));
        }

        if (access.RateLimitWindowSeconds is < 1 or > 86_400)
        {
            problems.Add(new($"{prefix}:RateLimitWindowSeconds", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and 86400; is {access.RateLimitWindowSeconds}.")));
        }

        if (access.MaxRequestBodyBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            problems.Add(new($"{prefix}:MaxRequestBodyBytes", string.Create(CultureInfo.InvariantCulture, $"must be between 1024 and 1073741824; is {access.MaxRequestBodyBytes}.")));
        }
    }

    private static void ValidateStats(StatsOptions stats, List<ConfigurationProblem> problems)
    {
        var prefix = StatsOptions.SectionName;
        if (stats.Access is not (StatsOptions.PublicAccess or StatsOptions.KeyAccess))
        {
            problems.Add(new($"{prefix}:Access", $"'{stats.Access}' is not known; use {StatsOptions.PublicAccess} or {StatsOptions.KeyAccess}."));
        }
        else if (stats.Access == StatsOptions.KeyAccess && (stats.ApiKey?.Trim().Length ?? 0) < MinimumKeyLength)
        {
            // Never echo the key, not even its length.
            problems.Add(new($"{prefix}:ApiKey", string.Create(CultureInfo.InvariantCulture, $"Access is {StatsOptions.KeyAccess}, so a key of at least {MinimumKeyLength} characters is required.")));
        }

        if (stats.MinimumCellSize is < 2 or > 1_000_000)
        {
            problems.Add(new($"{prefix}:MinimumCellSize", string.Create(CultureInfo.InvariantCulture, $"must be between 2 and 1000000; is {stats.MinimumCellSize}.")));
        }

        if (stats.CacheSeconds is < 0 or > 86_400)
        {
            problems.Add(new($"{prefix}:CacheSeconds", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 86400; is {stats.CacheSeconds}.")));
        }
    }
}
