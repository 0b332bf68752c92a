namespace IntegrationHub.Storage.Tests;

/// <summary>The storage contract on a real PostgreSQL server (the throwaway cluster scripts/test.sh starts).</summary>
public sealed class PostgresStorageTests : StorageContractTests
{
    protected override DatabaseProvider ExpectedProvider => DatabaseProvider.Postgres;

    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() =>
        new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };
}
