namespace IntegrationHub.Storage.Feeds;

/// <summary>
/// The data key that encrypts webhook signing secrets at rest, kept in a file outside the database
/// (<c>Hub:Secrets:KeyFile</c>): 32 bytes, raw or as base64 text (e.g. from <c>openssl rand -base64 32</c>).
/// Created (32 random bytes, owner read/write only) when missing and the database holds no encrypted secret yet.
/// </summary>
internal static class SecretKeyFile
{
    /// <summary>The key length: 32 bytes (AES-256).</summary>
    public const int KeyBytes = 32;

    /// <summary>The file name under the data directory when <c>Hub:Secrets:KeyFile</c> is not set.</summary>
    public const string DefaultFileName = "secrets.key";

    /// <summary>Reads the key.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or does not hold a 32-byte key; the message names the file, never its content.</exception>
    public static byte[] Read(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"The secrets key file {path} (Hub:Secrets:KeyFile) does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The secrets key file {path} (Hub:Secrets:KeyFile) cannot be read: {ex.Message}", ex);
        }

        if (content.Length == KeyBytes)
        {
            return content;
        }

        // Base64 text, as a mounted secret or a generated one often is; trailing whitespace (a newline) is fine.
        var text = System.Text.Encoding.ASCII.GetString(content).Trim();
        var buffer = new byte[KeyBytes + 3];
        if (Convert.TryFromBase64String(text, buffer, out var length) && length == KeyBytes)
        {
            return buffer[..KeyBytes];
        }

        throw new InvalidOperationException(
            $"The secrets key file {path} (Hub:Secrets:KeyFile) does not hold a {KeyBytes}-byte key (raw, or base64 text).");
    }

    /// <summary>Creates the file with a new random key unless it exists (another process may win the race: its key is used).</summary>
    public static void CreateIfMissing(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from the first instant, never world-readable.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written beside it and renamed into place, so that another process never reads a half-written key.
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by another process on the same data directory first: that one is the key.
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }
}
