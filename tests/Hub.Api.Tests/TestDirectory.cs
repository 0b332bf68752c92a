namespace IntegrationHub.Api.Tests;

/// <summary>Removes a test's data directory once the hub it served has stopped.</summary>
internal static class TestDirectory
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it. The hub's last writes (the WAL, a seal at shutdown, a
    /// sample ingest finishing) may still land while it goes, so a few attempts are made before giving up.
    /// </summary>
    public static void Delete(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
