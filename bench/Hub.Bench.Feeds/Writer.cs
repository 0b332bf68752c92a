using System.Diagnostics;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;

namespace IntegrationHub.Bench.Feeds;

/// <summary>Commits events to the feed in batches and measures when each arrives at the receiver.</summary>
internal static class Writer
{
    public static ProjectedEvent SampleEvent(long seq, int persons) => new(
        seq,
        Guid.NewGuid(),
        ChangeEventTypes.Updated,
        PersonId(seq, persons),
        null,
        ["address.street"],
        Person(seq),
        DateTimeOffset.UtcNow);

    public static async Task<RunResult> RunAsync(HubDatabase database, Receiver receiver, int count, int persons, int batch, TimeSpan pause)
    {
        var commits = new Dictionary<long, long>();
        var postgres = database.Provider == DatabaseProvider.Postgres;
        var started = Stopwatch.GetTimestamp();
        var written = 0;
        var batches = 0;
        while (written < count)
        {
            var n = Math.Min(batch, count - written);
            var parameters = new DynamicParameters();
            var sql = new System.Text.StringBuilder("INSERT INTO change_event (event_id, type, person_id, changed_fields, province_code, person, occurred_at) VALUES ");
            for (var i = 0; i < n; i++)
            {
                var k = written + i;
                parameters.Add($"e{i}", postgres ? Guid.NewGuid() : Guid.NewGuid().ToString());
                parameters.Add($"p{i}", postgres ? PersonId(k, persons) : PersonId(k, persons).ToString());
                parameters.Add($"j{i}", JsonSerializer.Serialize(Person(k)));
                sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@e{i}, 'person.updated', @p{i}, '[\"address.street\"]', '32', {(postgres ? $"CAST(@j{i} AS jsonb)" : $"@j{i}")}, @t)");
            }

            parameters.Add("t", postgres ? DateTime.UtcNow : DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            sql.Append(" RETURNING seq");
            await using (var connection = await database.OpenConnectionAsync(CancellationToken.None))
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                var seqs = (await connection.QueryAsync<long>(sql.ToString(), parameters, transaction)).ToList();
                await transaction.CommitAsync();
                var committed = Stopwatch.GetTimestamp();
                foreach (var seq in seqs)
                {
                    commits[seq] = committed;
                }
            }

            written += n;
            batches++;
            if (pause > TimeSpan.Zero)
            {
                // On a schedule (batch k at k × pause), so that the time a commit takes does not slow the pace.
                var wait = TimeSpan.FromTicks(pause.Ticks * batches) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
        }

        var commitSeconds = Stopwatch.GetElapsedTime(commits.Values.Min(), commits.Values.Max()).TotalSeconds;

        await receiver.WaitForAsync(count, TimeSpan.FromMinutes(10));
        var latencies = commits.Select(c => Stopwatch.GetElapsedTime(c.Value, receiver.ArrivalOf(c.Key)).TotalMilliseconds).Order().ToList();
        var last = commits.Keys.Max(receiver.ArrivalOf);
        return new RunResult(count, Stopwatch.GetElapsedTime(started, last).TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), commitSeconds);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Guid PersonId(long k, int persons) => new($"00000000-0000-4000-8000-{k % persons:000000000000}");

    private static SortedDictionary<string, string> Person(long k) => new(StringComparer.Ordinal)
    {
        ["name.full"] = "SITI AMINAH",
        ["birthDate"] = "1990-05-12",
        ["address.street"] = $"JL. MERDEKA NO. {k}",
        ["address.provinceCode"] = "32",
        ["address.regencyCode"] = "3201",
    };
}
