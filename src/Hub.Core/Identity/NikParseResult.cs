namespace IntegrationHub.Core.Identity;

/// <summary>
/// The outcome of <see cref="Nik.Parse(string?, Regions.RegionCatalog?)"/>: a NIK, or the reason there is none.
/// A malformed NIK is an expected per-record outcome, not an exception.
/// </summary>
public readonly record struct NikParseResult
{
    private readonly Nik _value;

    private NikParseResult(Nik value, NikError? error, string? message)
    {
        _value = value;
        Error = error;
        Message = message;
    }

    /// <summary>True when the input was a valid NIK.</summary>
    public bool Success => Error is null;

    /// <summary>The reason the input was refused; null on success.</summary>
    public NikError? Error { get; }

    /// <summary>A sentence explaining the refusal, safe to log (it never repeats the full input).</summary>
    public string? Message { get; }

    /// <summary>The parsed NIK. Throws when parsing failed.</summary>
    public Nik Value => Success ? _value : throw new InvalidOperationException($"Not a valid NIK: {Message}");

    internal static NikParseResult Ok(Nik nik) => new(nik, null, null);

    internal static NikParseResult Fail(NikError error, string message) => new(default, error, message);
}
