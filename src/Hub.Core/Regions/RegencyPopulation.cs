namespace IntegrationHub.Core.Regions;

/// <summary>
/// The registered population of one regency or city (kabupaten/kota) from the Dukcapil 2025 aggregate.
/// <see cref="Code"/> is undotted (<c>3201</c>); <see cref="Name"/> is as published ("Kabupaten Bogor").
/// </summary>
public sealed record RegencyPopulation(string Code, string Name, long Male, long Female, long Total);
