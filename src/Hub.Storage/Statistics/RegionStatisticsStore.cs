using Dapper;
using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Storage.Statistics;

/// <summary>Counts the master index per province and regency from the persons' golden fields.</summary>
public sealed class RegionStatisticsStore(HubDatabase database)
{
    // The regency code decides the province (its first two digits); the province field only serves persons
    // without a regency. Same SQL on SQLite and PostgreSQL.
    private const string CountSql = """
        SELECT COALESCE(SUBSTR(rg.value, 1, 2), pr.value) AS province_code,
               rg.value AS regency_code,
               COUNT(*) AS persons,
               SUM(CASE WHEN vs.value = @Deceased THEN 1 ELSE 0 END) AS deceased,
               SUM(CASE WHEN bp.value IS NOT NULL THEN 1 ELSE 0 END) AS bpjs_members,
               SUM(CASE WHEN np.value IS NOT NULL THEN 1 ELSE 0 END) AS npwp_holders
          FROM person p
          LEFT JOIN person_field rg ON rg.person_id = p.person_id AND rg.field = @RegencyField
          LEFT JOIN person_field pr ON pr.person_id = p.person_id AND pr.field = @ProvinceField
          LEFT JOIN person_field vs ON vs.person_id = p.person_id AND vs.field = @VitalField
          LEFT JOIN person_field bp ON bp.person_id = p.person_id AND bp.field = @BpjsField
          LEFT JOIN person_field np ON np.person_id = p.person_id AND np.field = @NpwpField
         GROUP BY COALESCE(SUBSTR(rg.value, 1, 2), pr.value), rg.value
        """;

    /// <summary>Exact counts per (province, regency), every person counted once.</summary>
    public async Task<IReadOnlyList<RegionCounts>> CountByRegencyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            CountSql,
            new
            {
                Deceased = "deceased",
                RegencyField = CanonicalFields.RegencyCode.Path,
                ProvinceField = CanonicalFields.ProvinceCode.Path,
                VitalField = CanonicalFields.VitalStatus.Path,
                BpjsField = CanonicalFields.BpjsCardNumber.Path,
                NpwpField = CanonicalFields.Npwp.Path,
            },
            cancellationToken: cancellationToken));
        return rows.Select(r => new RegionCounts(r.province_code, r.regency_code, r.persons, r.deceased, r.bpjs_members, r.npwp_holders)).ToList();
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates this.
    private sealed class CountRow
    {
        public string? province_code { get; set; }

        public string? regency_code { get; set; }

        public long persons { get; set; }

        public long deceased { get; set; }

        public long bpjs_members { get; set; }

        public long npwp_holders { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}
