using Dapper;

namespace IntegrationHub.Storage.Tests.Statistics;

/// <summary>
/// A master index with counts known in advance, written straight into person and person_field, for the open
/// statistics tests. With k = 10, the expected published values are worked out in the tests that use it.
/// </summary>
public static class KnownPopulation
{
    /// <summary>One region's counts: persons, and how many of them are deceased, BPJS members, NPWP holders.</summary>
    public sealed record Cell(string? Province, string? Regency, int Persons, int Deceased, int Bpjs, int Npwp);

    public static IReadOnlyList<Cell> Cells { get; } =
    [
        new("32", "3201", 25, 3, 20, 12),
        new("32", "3202", 4, 0, 4, 1),
        new("32", "3203", 30, 12, 30, 15),
        new("32", "3204", 40, 0, 35, 39),
        new("32", "3205", 10, 0, 10, 10),
        new("32", null, 1, 0, 0, 0),
        new("33", "3301", 6, 1, 6, 0),
        new("35", "3501", 50, 2, 50, 50),
        new("35", "3502", 60, 10, 0, 60),
    ];

    public static async Task SeedAsync(HubDatabase database)
    {
        var postgres = database.Provider == DatabaseProvider.Postgres;
        object Id(Guid id) => postgres ? id : id.ToString();
        object Time(DateTimeOffset t) => postgres ? t.UtcDateTime : t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var run = Guid.NewGuid();
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO ingest_run (run_id, source, location, status, started_at) VALUES (@Run, 'dukcapil', 'seed', 'Succeeded', @Now)",
            new { Run = Id(run), Now = Time(now) },
            transaction);
        foreach (var cell in Cells)
        {
            for (var i = 0; i < cell.Persons; i++)
            {
                var person = Guid.NewGuid();
                await connection.ExecuteAsync(
                    "INSERT INTO person (person_id, nik, version, created_at, updated_at) VALUES (@Person, NULL, 1, @Now, @Now)",
                    new { Person = Id(person), Now = Time(now) },
                    transaction);
                var fields = new List<(string Field, string Value)> { ("address.provinceCode", cell.Province!) };
                if (cell.Regency is not null)
                {
                    fields.Add(("address.regencyCode", cell.Regency));
                }

                fields.Add(("vital.status", i < cell.Deceased ? "deceased" : "alive"));
                if (i < cell.Bpjs)
                {
                    fields.Add(("bpjs.cardNumber", "0001" + i.ToString("D9")));
                }

                if (i >= cell.Persons - cell.Npwp)
                {
                    fields.Add(("npwp", "09" + i.ToString("D14")));
                }

                foreach (var (field, value) in fields)
                {
                    await connection.ExecuteAsync(
                        """
                        INSERT INTO person_field (person_id, field, value, source, source_key, run_id, received_at)
                        VALUES (@Person, @Field, @Value, 'seed', 'seed', @Run, @Now)
                        """,
                        new { Person = Id(person), Field = field, Value = value, Run = Id(run), Now = Time(now) },
                        transaction);
                }
            }
        }

        await transaction.CommitAsync();
    }
}
