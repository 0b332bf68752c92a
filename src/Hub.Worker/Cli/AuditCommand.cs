using System.CommandLine;
using System.Globalization;
using IntegrationHub.Worker.Audit;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub audit verify</c> (exit 0: the chain and every seal verify; 1: tampered, the first bad entry named),
/// <c>hub audit seal</c> (seal the chain's head now) and <c>hub audit keygen --out FILE</c> (a new signing key pair).
/// </summary>
internal static class AuditCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("audit", "Verify, seal and key the tamper-evident audit log.");
        command.Subcommands.Add(CreateVerify(context));
        command.Subcommands.Add(CreateSeal(context));
        command.Subcommands.Add(CreateKeygen(context));
        return command;
    }

    private static Command CreateVerify(CommandContext context)
    {
        var command = new Command("verify", "Recompute every hash of the audit chain and check every seal; exit 1 and name the first bad entry when tampered.");
        command.SetAction(async (ParseResult _, CancellationToken ct) =>
        {
            await using var database = context.OpenDatabase();
            if (database is null)
            {
                return HubCommandLine.BadInput;
            }

            await database.Migrator.MigrateAsync(ct);
            if (Open(context, database) is not { } audit)
            {
                return HubCommandLine.BadInput;
            }

            await using var store = audit.Store;
            using var keys = audit.Keys;
            var result = await store.VerifyAsync(keys.Trusted, ct);
            var rate = result.Elapsed.TotalSeconds > 0 ? result.Entries / result.Elapsed.TotalSeconds : 0;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit log of {database.Description}: {result.Entries:N0} entries checked, {result.Seals:N0} seals, sealed up to entry {result.LastSealedSeq:N0}, in {result.Elapsed.TotalSeconds:0.00} s ({rate:N0} entries/s)"));
            if (result.FirstProblem is { } problem)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TAMPERED: first bad entry {problem.Seq} ({KindText(problem.Kind)}): {problem.Message}"));
                return HubCommandLine.Failed;
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: the chain verifies up to entry {result.LastSeq:N0}"));
            return HubCommandLine.Ok;
        });
        return command;
    }

    private static Command CreateSeal(CommandContext context)
    {
        var command = new Command("seal", "Sign a checkpoint of the audit chain's head now (the API also seals periodically).");
        command.SetAction(async (ParseResult _, CancellationToken ct) =>
        {
            await using var database = context.OpenDatabase();
            if (database is null)
            {
                return HubCommandLine.BadInput;
            }

            await database.Migrator.MigrateAsync(ct);
            if (Open(context, database) is not { } audit)
            {
                return HubCommandLine.BadInput;
            }

            await using var store = audit.Store;
            using var keys = audit.Keys;
            var seal = await store.SealAsync(keys.Signing, ct);
            context.Out.WriteLine(seal is null
                ? "nothing new to seal"
                : string.Create(CultureInfo.InvariantCulture, $"sealed up to entry {seal.UpToSeq} with key {seal.KeyId}"));
            return HubCommandLine.Ok;
        });
        return command;
    }

    private static Command CreateKeygen(CommandContext context)
    {
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "Where to write the private key (PEM, owner read/write only); the public key goes beside it as NAME.pub.pem.",
            HelpName = "FILE",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing key file." };
        var command = new Command("keygen", "Write a new ECDSA P-256 key pair for sealing the audit log.") { output, force };
        command.SetAction(async (ParseResult parse, CancellationToken _) =>
        {
            var file = parse.GetRequiredValue(output).FullName;
            if (File.Exists(file) && !parse.GetValue(force))
            {
                await context.Error.WriteLineAsync($"audit keygen: {file} exists; a key that sealed entries must be kept to verify them. Give --force to replace it.");
                return HubCommandLine.BadInput;
            }

            if (!Directory.Exists(Path.GetDirectoryName(file)))
            {
                await context.Error.WriteLineAsync($"audit keygen: the directory of {file} does not exist.");
                return HubCommandLine.BadInput;
            }

            var (privateFile, publicFile, keyId) = AuditKeys.Generate(file);
            context.Out.WriteLine($"private key {privateFile} (keep it secret; set Hub:Audit:SigningKeyFile to it)");
            context.Out.WriteLine($"public key  {publicFile} (give it to auditors; it verifies seals)");
            context.Out.WriteLine($"key id      {keyId}");
            return HubCommandLine.Ok;
        });
        return command;
    }

    /// <summary>The audit store and keys, or null after writing why the keys cannot be loaded.</summary>
    internal static (Storage.Audit.AuditStore Store, AuditKeys Keys)? Open(CommandContext context, Storage.HubDatabase database)
    {
        try
        {
            return AuditSetup.Open(database, context.Configuration);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine("audit: " + ex.Message);
            return null;
        }
    }

    private static string KindText(Core.Audit.AuditProblemKind kind) => kind switch
    {
        Core.Audit.AuditProblemKind.Modified => "modified",
        Core.Audit.AuditProblemKind.Missing => "missing",
        Core.Audit.AuditProblemKind.Unlinked => "unlinked",
        Core.Audit.AuditProblemKind.BadSeal => "bad seal",
        Core.Audit.AuditProblemKind.SealMismatch => "seal mismatch",
        _ => "truncated",
    };
}
