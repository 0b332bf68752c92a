using System.CommandLine;
using System.Globalization;
using IntegrationHub.Storage.Backup;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub restore --from FILE [--force]</c>: restores a backup into the configured database and verifies it
/// (schema version, row counts per table). Stop the API and workers first.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CommandContext context)
    {
        var from = new Option<FileInfo>("--from", "-f")
        {
            Description = "The backup file written by hub backup.",
            HelpName = "FILE",
            Required = true,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace a database that holds rows (refused without it).",
        };
        var command = new Command("restore", "Restore a backup into the configured database, then verify schema version and row counts.")
        {
            from,
            force,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            await using var database = context.OpenDatabase();
            if (database is null)
            {
                return HubCommandLine.BadInput;
            }

            var file = parse.GetRequiredValue(from).FullName;
            try
            {
                using var keys = Audit.AuditKeys.Load(Audit.AuditConfiguration.GetAuditOptions(context.Configuration), context.Configuration.GetStorageOptions());
                var service = new BackupService(database, context.Configuration.GetStorageOptions(), TimeProvider.System, context.Configuration.GetBackupOptions().PostgresBinDirectory,
                    [.. RestoreVerification.Default, new Storage.Audit.AuditChainRestoreStep(keys.Trusted)]);
                var result = await service.RestoreAsync(file, parse.GetValue(force), ct);
                var m = result.Manifest;
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"restored {file} into {database.Description} in {result.Elapsed.TotalSeconds:0.00} s"));
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  backup of {m.Source} taken at {m.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}, schema version {m.SchemaVersion}"));
                foreach (var step in result.Verification)
                {
                    context.Out.WriteLine($"verify {step.Step}: {(step.Passed ? "ok" : "FAILED")}");
                    foreach (var detail in step.Detail.Split("; "))
                    {
                        context.Out.WriteLine("  " + detail);
                    }
                }

                if (!result.Verified)
                {
                    await context.Error.WriteLineAsync("restore: verification failed; the database does not match the backup.");
                    return HubCommandLine.Failed;
                }

                context.Out.WriteLine("restore verified");
                return HubCommandLine.Ok;
            }
            catch (BackupException ex)
            {
                await context.Error.WriteLineAsync("restore: " + ex.Message);
                return ex.IsInputProblem ? HubCommandLine.BadInput : HubCommandLine.Failed;
            }
        });
        return command;
    }
}
