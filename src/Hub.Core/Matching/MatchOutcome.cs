namespace IntegrationHub.Core.Matching;

/// <summary>What a match score decides, by the model's thresholds.</summary>
public enum MatchOutcome
{
    /// <summary>Below the review threshold: not the same person.</summary>
    NewPerson,

    /// <summary>Between the thresholds: a person decides.</summary>
    Review,

    /// <summary>At or above the link threshold: the same person, linked automatically.</summary>
    Link,
}
