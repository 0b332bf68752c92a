using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Access;
using IntegrationHub.Worker.Access;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Access;

/// <summary>
/// The embedded default's first start: with no client at all, creates the client <c>admin</c> (role admin) and its
/// policy for the purpose <c>admin-ops</c> (every canonical field), and writes the key to a file under the data
/// directory that only the owner can read. The key is never logged; the ready message names the file.
/// </summary>
internal sealed class AccessBootstrap(HubDatabase database, AccessAdministration admin, IOptions<AccessOptions> options, IConfiguration configuration)
{
    public const string AdminClientId = "admin";

    /// <summary>The bootstrap key file's full path.</summary>
    public string KeyFile => Path.IsPathRooted(options.Value.BootstrapKeyFile)
        ? options.Value.BootstrapKeyFile
        : Path.Combine(Path.GetFullPath(configuration.GetStorageOptions().DataDirectory), options.Value.BootstrapKeyFile);

    /// <summary>Creates the bootstrap admin when there is no client; returns the key file written, or null.</summary>
    public async Task<string?> EnsureAdminAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.BootstrapAdmin || await database.Access.CountClientsAsync(cancellationToken) > 0)
        {
            return null;
        }

        IssuedKey key;
        try
        {
            (_, key) = await admin.CreateClientAsync("system", AdminClientId, "Bootstrap administrator (first start)", [HubRole.Admin], null, null, cancellationToken);
        }
        catch (AccessStoreException)
        {
            // Another node created it first.
            return null;
        }

        await admin.SetPolicyAsync("system", AdminClientId, AccessAdministration.AdminPurpose, [.. CanonicalFields.All.Select(f => f.Path)], [], null, cancellationToken);
        var file = KeyFile;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var stream = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var writer = new StreamWriter(file, System.Text.Encoding.ASCII, stream))
        {
            await writer.WriteLineAsync(key.Key);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a new file; an old file keeps its mode unless set again.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return file;
    }
}
