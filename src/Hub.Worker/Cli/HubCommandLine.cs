using System.CommandLine;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using IntegrationHub.Worker.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// The <c>hub</c> command line. Exit codes: 0 done, 1 failed, 2 the input or configuration must be fixed
/// (the message says what), 130 cancelled.
/// </summary>
public static class HubCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;

    /// <summary>Runs the command line with the given output writers (the console's by default).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, IConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var context = new CommandContext(
            stdout ?? Console.Out,
            stderr ?? Console.Error,
            configuration ?? HubConfiguration.BuildForCommandLine());
        var root = new RootCommand("IntegrationHub: ingest agency records into the master citizen index.")
        {
            IngestCommand.Create(context),
            MigrateCommand.Create(context),
            GenerateCommand.Create(context),
            EvaluateIndexCommand.Create(context),
            BackupCommand.Create(context),
            RestoreCommand.Create(context),
            TrainCommand.Create(context),
            EvaluateCommand.Create(context),
            AuditCommand.Create(context),
            AccessCommands.Clients(context),
            AccessCommands.Policies(context),
            ReportCommand.Create(context),
            WorkerCommand.Create(context),
            RunsCommand.Create(context),
            QuarantineCommand.Create(context),
        };
        var config = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        return await root.Parse(args).InvokeAsync(config, cancellationToken);
    }
}

/// <summary>What every command needs: where to write, the configuration, and how to open the database and log.</summary>
internal sealed class CommandContext(TextWriter output, TextWriter error, IConfiguration configuration)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public IConfiguration Configuration { get; } = configuration;

    public ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(builder =>
    {
        builder.AddConfiguration(Configuration.GetSection("Logging"));
        builder.SetMinimumLevel(LogLevel.Warning);
        // JSON lines with NIKs masked, all on stderr so that stdout carries only the command's result.
        builder.AddConsole(o =>
        {
            o.FormatterName = RedactingJsonConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        builder.AddConsoleFormatter<RedactingJsonConsoleFormatter, ConsoleFormatterOptions>();
    });

    /// <summary>Opens the configured database, or writes every configuration problem (of all settings, not only storage) and returns null.</summary>
    public HubDatabase? OpenDatabase()
    {
        var problems = HubConfigurationValidator.Validate(Configuration);
        if (problems.Count > 0)
        {
            ConfigurationProblem.WriteReport(Error, "hub", problems);
            return null;
        }

        return HubDatabase.Open(Configuration.GetStorageOptions());
    }
}
