using System.CommandLine;
using System.Globalization;
using IntegrationHub.Worker.Logging;

namespace IntegrationHub.Worker.Cli;

internal static class MigrateCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("migrate", "Apply pending database migrations (the API and ingest also apply them at start).");
        command.SetAction(async (ParseResult _, CancellationToken ct) =>
        {
            await using var database = context.OpenDatabase();
            if (database is null)
            {
                return HubCommandLine.BadInput;
            }

            using var loggers = context.CreateLoggerFactory();
            var logger = loggers.CreateLogger("IntegrationHub.Migrate");
            var applied = await database.Migrator.MigrateAsync(ct);
            foreach (var migration in applied)
            {
                Log.MigrationApplied(logger, migration.Version, migration.Name, database.Description);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"applied {migration.Version:0000} {migration.Name}"));
            }

            var version = await database.Migrator.CurrentVersionAsync(ct);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database.Description}: schema version {version} ({(applied.Count == 0 ? "already up to date" : $"{applied.Count} applied")})"));
            return HubCommandLine.Ok;
        });
        return command;
    }
}
