using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Storage.Tests;

internal static class TestRecords
{
    // Kab. Bogor, district 32.01.01; born 12-05-1990; a man, then a woman (day + 40).
    public const string ManNik = "3201011205900001";
    public const string WomanNik = "3201015205900002";

    public static SourceRecord Person(
        string nik,
        string name,
        string source = "dukcapil",
        string? street = "JL. MERDEKA NO. 1",
        string? bpjsCard = null,
        long line = 2,
        string location = "biodata.csv")
    {
        var canonical = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "NIK")
            .Set(CanonicalFields.FullName, name, "NAMA_LGKP")
            .Set(CanonicalFields.BirthDate, "1990-05-12", "TGL_LHR")
            .Set(CanonicalFields.Street, street, "ALAMAT")
            .Set(CanonicalFields.BpjsCardNumber, bpjsCard, "noKartu")
            .Build();
        return new SourceRecord(source, nik, Nik.Parse(nik).Value, canonical, location, line) { IsIdentityAuthority = source == "dukcapil" };
    }
}
