using System.Globalization;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.MasterIndex;

/// <summary>A person the index offers as a possible match: its id, the NIK it holds (null when none), and its golden values.</summary>
public sealed record MatchCandidate(Guid PersonId, string? Nik, IReadOnlyDictionary<string, string?> Fields);

/// <summary>A candidate with the score the matcher gave it against the incoming record.</summary>
public sealed record ScoredCandidate(MatchCandidate Candidate, MatchScore Score);

/// <summary>What identity resolution does with an incoming record.</summary>
public enum ResolutionAction
{
    /// <summary>Link the record to an existing person.</summary>
    Link = 1,
    /// <summary>Create a person from the record.</summary>
    Create,
    /// <summary>Keep the record unlinked until a reviewer decides.</summary>
    Review,
}

/// <summary>Why a pair goes to the review queue.</summary>
public enum ReviewKind
{
    /// <summary>The score fell between the review and link thresholds.</summary>
    ProbableMatch = 1,
    /// <summary>The record carries the NIK of a person its other fields contradict: one NIK used by two people.</summary>
    NikGanda,
    /// <summary>A new person from the identity authority looks like one the index already has (a double registration).</summary>
    PossibleDuplicate,
}

/// <summary>A pair to put in front of a reviewer.</summary>
public sealed record ReviewRequest(ReviewKind Kind, ScoredCandidate Candidate);

/// <summary>
/// The outcome of resolving one record. <see cref="Method"/> says how: <c>nik</c> (deterministic), <c>auto</c>
/// (probabilistic) or <c>new</c>. <see cref="Best"/> is the highest-scoring candidate considered, kept so the
/// decision can be explained later. <see cref="ClaimsNik"/> is true when the linked person held no NIK and the
/// identity authority's record gives it one.
/// </summary>
public sealed record Resolution(
    ResolutionAction Action,
    Guid? PersonId,
    string Method,
    ScoredCandidate? Best,
    IReadOnlyList<ReviewRequest> Reviews,
    bool ClaimsNik = false);

/// <summary>Settings of identity resolution that are not the matcher's model.</summary>
public sealed record IdentityResolverOptions
{
    /// <summary>The model's comparison of NIKs; its weight is left out when judging whether the other fields agree with a NIK.</summary>
    public string NikComparison { get; init; } = "nik";

    /// <summary>
    /// The sum of the non-NIK comparison weights (log2 Bayes factors) below which a record contradicts the person
    /// holding its NIK. 0 means the other fields must be at least as likely under a match as under a non-match.
    /// </summary>
    public double NikAgreementFloor { get; init; }

    /// <summary>At most this many review items are raised for one record (the best-scoring candidates in the review band).</summary>
    public int MaxReviewCandidates { get; init; } = 3;
}

/// <summary>
/// Decides, for one incoming record, whether it links to a person, creates one, or waits for review. Deterministic
/// first: a valid NIK that agrees with the record's own birth date and sex, held by a person whose other fields
/// the record does not contradict, links directly. Everything else is scored by the probabilistic matcher against
/// the candidates blocking found. A NIK that contradicts is evidence, not a key: the holder is then never linked
/// automatically, and the pair goes to review as NIK ganda. Only the identity authority gives a person a NIK.
/// </summary>
public sealed class IdentityResolver
{
    private readonly MatchEngine _engine;
    private readonly IdentityResolverOptions _options;

    /// <summary>Creates a resolver over a matcher.</summary>
    public IdentityResolver(MatchEngine engine, IdentityResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? new IdentityResolverOptions();
    }

    /// <summary>The matcher.</summary>
    public MatchEngine Engine => _engine;

    /// <summary>The values of a record the matcher reads.</summary>
    public static IReadOnlyDictionary<string, string?> FieldsOf(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var fields = new Dictionary<string, string?>(record.Canonical.Values.Count, StringComparer.Ordinal);
        foreach (var (path, value) in record.Canonical.Values)
        {
            fields[path] = value.Value;
        }

        return fields;
    }

    /// <summary>
    /// Resolves <paramref name="record"/>. <paramref name="nikHolder"/> is the active person holding the record's
    /// NIK (null when none); <paramref name="candidates"/> are the persons blocking found, with those a reviewer
    /// ruled out for this record already removed.
    /// </summary>
    public Resolution Resolve(SourceRecord record, PreparedRecord prepared, MatchCandidate? nikHolder, IReadOnlyList<MatchCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(candidates);
        var reviews = new List<ReviewRequest>();
        ScoredCandidate? holderScore = null;
        if (nikHolder is not null)
        {
            holderScore = new ScoredCandidate(nikHolder, _engine.Score(prepared, _engine.Prepare(nikHolder.Fields)));
            var otherEvidence = OtherEvidence(holderScore.Score);
            if (otherEvidence >= _options.NikAgreementFloor && NikAgreesWithRecord(record))
            {
                return new Resolution(ResolutionAction.Link, nikHolder.PersonId, "nik", holderScore, reviews);
            }

            if (otherEvidence < _options.NikAgreementFloor)
            {
                // One NIK, two people: never merged automatically; a reviewer sees the pair.
                reviews.Add(new ReviewRequest(ReviewKind.NikGanda, holderScore));
            }
        }

        var scored = new List<ScoredCandidate>(candidates.Count + 1);
        foreach (var candidate in candidates)
        {
            if (nikHolder is not null && candidate.PersonId == nikHolder.PersonId)
            {
                continue;
            }

            scored.Add(new ScoredCandidate(candidate, _engine.Score(prepared, _engine.Prepare(candidate.Fields))));
        }

        if (holderScore is not null && reviews.Count == 0)
        {
            // The holder's other fields agree but the NIK disagrees with the record's own birth date or sex:
            // the holder stays a candidate like any other, judged on all the evidence.
            scored.Add(holderScore);
        }

        scored.Sort((a, b) => b.Score.Weight.CompareTo(a.Score.Weight));
        var best = scored.Count > 0 ? scored[0] : null;

        if (record.IsIdentityAuthority)
        {
            if (best is { Score.Outcome: MatchOutcome.Link } && best.Candidate.Nik is null)
            {
                return new Resolution(ResolutionAction.Link, best.Candidate.PersonId, "auto", best, reviews, ClaimsNik: record.Nik is not null);
            }

            // The authority issues NIKs: a record with its own NIK is its own person, but one that looks like a
            // person already in the index may be a double registration, which a reviewer settles.
            foreach (var s in scored)
            {
                if (s.Score.Outcome == MatchOutcome.NewPerson || reviews.Count >= _options.MaxReviewCandidates)
                {
                    break;
                }

                reviews.Add(new ReviewRequest(ReviewKind.PossibleDuplicate, s));
            }

            return new Resolution(ResolutionAction.Create, null, "new", best, reviews);
        }

        if (best is { Score.Outcome: MatchOutcome.Link })
        {
            return new Resolution(ResolutionAction.Link, best.Candidate.PersonId, "auto", best, reviews);
        }

        if (best is { Score.Outcome: MatchOutcome.Review })
        {
            var added = 0;
            foreach (var s in scored)
            {
                if (s.Score.Outcome == MatchOutcome.NewPerson || added >= _options.MaxReviewCandidates)
                {
                    break;
                }

                reviews.Add(new ReviewRequest(ReviewKind.ProbableMatch, s));
                added++;
            }

            return new Resolution(ResolutionAction.Review, null, "auto", best, reviews);
        }

        return new Resolution(ResolutionAction.Create, null, "new", best, reviews);
    }

    /// <summary>
    /// True when <see cref="Resolve"/> would link <paramref name="record"/> to <paramref name="nikHolder"/> on the
    /// deterministic NIK path, without looking at any blocking candidate. A store uses it to skip reading candidates
    /// for such records; it must agree with <see cref="Resolve"/>, which takes the same test first.
    /// </summary>
    public bool LinksByNik(SourceRecord record, PreparedRecord prepared, MatchCandidate nikHolder)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(nikHolder);
        return NikAgreesWithRecord(record)
            && OtherEvidence(_engine.Score(prepared, _engine.Prepare(nikHolder.Fields))) >= _options.NikAgreementFloor;
    }

    // The weight of every comparison but the NIK's: what the rest of the record says about the NIK's holder.
    private double OtherEvidence(MatchScore score)
    {
        var otherEvidence = 0.0;
        foreach (var c in score.Breakdown)
        {
            if (!string.Equals(c.Comparison, _options.NikComparison, StringComparison.Ordinal))
            {
                otherEvidence += c.Weight;
            }
        }

        return otherEvidence;
    }

    private static bool NikAgreesWithRecord(SourceRecord record)
    {
        if (record.Nik is not { } nik)
        {
            return false;
        }

        DateOnly? birthDate = DateOnly.TryParseExact(record.Canonical[CanonicalFields.BirthDate], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        Sex? sex = record.Canonical[CanonicalFields.Sex] switch
        {
            "male" => Sex.Male,
            "female" => Sex.Female,
            _ => null,
        };
        return nik.AgreesWith(birthDate, sex).Agrees;
    }
}
