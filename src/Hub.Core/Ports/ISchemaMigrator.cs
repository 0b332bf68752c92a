namespace IntegrationHub.Core.Ports;

/// <summary>A schema migration that has been applied.</summary>
public sealed record AppliedMigration(int Version, string Name, DateTimeOffset AppliedAt);

/// <summary>Brings the database schema up to the version this build expects.</summary>
public interface ISchemaMigrator
{
    /// <summary>Applies every pending migration, in order, each in its own transaction; returns those applied now.</summary>
    Task<IReadOnlyList<AppliedMigration>> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    Task<int> CurrentVersionAsync(CancellationToken cancellationToken);

    /// <summary>The highest version this build knows.</summary>
    int LatestVersion { get; }
}
