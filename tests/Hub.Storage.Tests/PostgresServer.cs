using Npgsql;

namespace IntegrationHub.Storage.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the one HUB_TEST_POSTGRES names (scripts/test.sh starts a throwaway
/// cluster and sets it). Each call makes a new, empty database so tests never share state.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "HUB_TEST_POSTGRES";

    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL cluster, or point {Variable} at a server you may create databases on.");
        }

        var name = "hub_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // CREATE DATABASE takes no parameters; the name is made here from a Guid, never from input.
            command.CommandText = $"CREATE DATABASE {name}";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}
