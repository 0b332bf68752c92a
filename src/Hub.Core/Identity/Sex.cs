namespace IntegrationHub.Core.Identity;

/// <summary>Sex as recorded by Dukcapil (JENIS_KLMIN 1 = laki-laki, 2 = perempuan).</summary>
public enum Sex
{
    /// <summary>Laki-laki.</summary>
    Male = 1,
    /// <summary>Perempuan.</summary>
    Female = 2,
}
