using System.Globalization;
using IntegrationHub.Storage;

namespace IntegrationHub.Api.Health;

/// <summary>Ready when the database answers within the timeout and its schema is at the version this build expects.</summary>
internal sealed class DatabaseReadinessCheck(HubDatabase database) : IReadinessCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public string Name => "database";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            var version = await database.Migrator.CurrentVersionAsync(timeout.Token);
            var expected = database.Migrator.LatestVersion;
            return version == expected
                ? ReadinessResult.Pass(string.Create(CultureInfo.InvariantCulture, $"{database.Provider} reachable, schema version {version}"))
                : ReadinessResult.Fail(string.Create(CultureInfo.InvariantCulture, $"schema version {version}, this build expects {expected}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ReadinessResult.Fail(string.Create(CultureInfo.InvariantCulture, $"database did not answer within {s_timeout.TotalSeconds} s"));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            // The type only: a driver's message may name the host and user.
            return ReadinessResult.Fail("database unreachable: " + ex.GetType().Name);
        }
    }
}
