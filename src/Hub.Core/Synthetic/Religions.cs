namespace IntegrationHub.Core.Synthetic;

/// <summary>The religion codes the generator writes, as the hub's canonical model spells them.</summary>
internal static class Religions
{
    public const string Islam = "islam";
    public const string Kristen = "kristen";
    public const string Katolik = "katolik";
    public const string Hindu = "hindu";
    public const string Buddha = "buddha";
    public const string Khonghucu = "khonghucu";
    public const string Kepercayaan = "kepercayaan";

    /// <summary>In the order used by the weight tables in <see cref="ProvinceProfiles"/>.</summary>
    public static readonly string[] All = [Islam, Kristen, Katolik, Hindu, Buddha, Khonghucu, Kepercayaan];
}
