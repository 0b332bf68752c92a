using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace IntegrationHub.Storage.Backup;

/// <summary>
/// Runs the PostgreSQL client tools (pg_dump, pg_restore; the Debian <c>postgresql-client</c> package). The
/// connection goes through PG* environment variables — the password as PGPASSWORD — never the command line, which
/// any user of the machine can read. Tools are found in the configured directory, else on PATH, else in the
/// newest <c>/usr/lib/postgresql/*/bin</c>.
/// </summary>
internal sealed class PostgresTools(string connectionString, string? binDirectory)
{
    public async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Find(tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(connectionString))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new BackupException($"{tool} could not be started.", isInputProblem: false);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var errors = (await stderr).Trim();
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new BackupException(string.Create(CultureInfo.InvariantCulture, $"{tool} failed with exit code {process.ExitCode}: {errors}"), isInputProblem: false);
        }
    }

    /// <summary>The PG* variables for a connection string: host, port, database, user, password, SSL mode, timeout.</summary>
    internal static IReadOnlyList<(string Name, string Value)> Environment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var variables = new List<(string, string)>
        {
            ("PGHOST", builder.Host ?? "localhost"),
            ("PGPORT", builder.Port.ToString(CultureInfo.InvariantCulture)),
            ("PGCONNECT_TIMEOUT", Math.Max(2, builder.Timeout).ToString(CultureInfo.InvariantCulture)),
            ("PGAPPNAME", "integrationhub-backup"),
        };
        if (!string.IsNullOrEmpty(builder.Database))
        {
            variables.Add(("PGDATABASE", builder.Database));
        }

        if (!string.IsNullOrEmpty(builder.Username))
        {
            variables.Add(("PGUSER", builder.Username));
        }

        if (!string.IsNullOrEmpty(builder.Password))
        {
            variables.Add(("PGPASSWORD", builder.Password));
        }

        var sslMode = builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        variables.Add(("PGSSLMODE", sslMode));
        return variables;
    }

    private string Find(string tool)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(binDirectory))
        {
            candidates.Add(Path.Combine(binDirectory, tool));
        }
        else
        {
            var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
            candidates.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, tool)));
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1)
                    .Select(d => Path.Combine(d, "bin", tool)));
            }
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new BackupException(
                $"{tool} was not found ({(binDirectory is null ? "PATH and /usr/lib/postgresql/*/bin searched" : "looked in " + binDirectory)}); install the postgresql-client package or set Hub:Backup:PostgresBinDirectory.",
                isInputProblem: true);
    }
}
