namespace IntegrationHub.Core.Synthetic;

/// <summary>Naming traditions the generator draws names from.</summary>
internal enum NameGroup
{
    Javanese,
    Sundanese,
    Betawi,
    Malay,
    Minang,
    Acehnese,
    Batak,
    Bugis,
    Balinese,
    Manado,
    Papuan,
    Chinese,
    Ambonese,
    NusaTenggara,
    Toraja,
    Christian,
}
