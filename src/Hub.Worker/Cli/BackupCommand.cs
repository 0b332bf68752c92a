using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Storage.Backup;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Cli;

/// <summary><c>hub backup --out FILE</c>: a consistent backup of the configured database, with a manifest, written atomically.</summary>
internal static class BackupCommand
{
    public static Command Create(CommandContext context)
    {
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "The backup file to write (replaced atomically when it exists).",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("backup", "Back up the database while the hub runs: SQLite through the online backup API, PostgreSQL with pg_dump.")
        {
            output,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            await using var database = context.OpenDatabase();
            if (database is null)
            {
                return HubCommandLine.BadInput;
            }

            var clock = Stopwatch.StartNew();
            var file = parse.GetRequiredValue(output).FullName;
            try
            {
                var service = new BackupService(database, context.Configuration.GetStorageOptions(), TimeProvider.System, context.Configuration.GetBackupOptions().PostgresBinDirectory);
                var manifest = await service.BackupAsync(file, ct);
                var size = new FileInfo(file).Length;
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backup {file}"));
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of {manifest.Source}, schema version {manifest.SchemaVersion}, taken at {manifest.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'} (the recovery point)"));
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {size:N0} bytes, database image sha256 {manifest.PayloadSha256}"));
                foreach (var (table, rows) in manifest.RowCounts)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-20} {rows,12:N0} rows"));
                }

                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:0.00} s"));
                return HubCommandLine.Ok;
            }
            catch (BackupException ex)
            {
                await context.Error.WriteLineAsync("backup: " + ex.Message);
                return ex.IsInputProblem ? HubCommandLine.BadInput : HubCommandLine.Failed;
            }
        });
        return command;
    }
}
