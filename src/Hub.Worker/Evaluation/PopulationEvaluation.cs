using System.Globalization;
using IntegrationHub.Core.Ports;

namespace IntegrationHub.Worker.Evaluation;

/// <summary>
/// How well the master index resolved a population whose truth is known: pairwise precision, recall and F1 over
/// source records, the false-merge rate of automatic links, how many true links were made or sent to review, and
/// the size of the review queue.
/// </summary>
public sealed record PopulationScores(
    long Records,
    long Persons,
    long TruePairs,
    long PredictedPairs,
    long TruePositivePairs,
    long AutoLinks,
    long FalseAutoLinks,
    long RecordsWithATrueLink,
    long RecordsLinkedOrReviewed,
    long OpenReviewItems,
    long RecordsMissingFromTruth)
{
    /// <summary>Of the pairs put in one person, the share that truly are one person.</summary>
    public double Precision => PredictedPairs == 0 ? 1 : (double)TruePositivePairs / PredictedPairs;

    /// <summary>Of the pairs that truly are one person, the share put in one person.</summary>
    public double Recall => TruePairs == 0 ? 1 : (double)TruePositivePairs / TruePairs;

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Automatic links (by NIK or by score) that joined a record to someone else, as a share of all automatic links.</summary>
    public double FalseMergeRate => AutoLinks == 0 ? 0 : (double)FalseAutoLinks / AutoLinks;

    /// <summary>Of the records that have a true partner, the share linked to it or sent to review with it.</summary>
    public double LinkedOrReviewedRate => RecordsWithATrueLink == 0 ? 1 : (double)RecordsLinkedOrReviewed / RecordsWithATrueLink;

    /// <summary>Open review items as a share of records.</summary>
    public double ReviewQueueRate => Records == 0 ? 0 : (double)OpenReviewItems / Records;

    /// <summary>The scores as a Markdown table.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join('\n',
            "| measure | value |",
            "| --- | --- |",
            string.Create(c, $"| records | {Records:N0} |"),
            string.Create(c, $"| persons in the index | {Persons:N0} |"),
            string.Create(c, $"| precision (pairwise) | {Precision:0.0000} |"),
            string.Create(c, $"| recall (pairwise) | {Recall:0.0000} |"),
            string.Create(c, $"| F1 | {F1:0.0000} |"),
            string.Create(c, $"| automatic links | {AutoLinks:N0} |"),
            string.Create(c, $"| false merges among them | {FalseAutoLinks:N0} ({FalseMergeRate:0.000%}) |"),
            string.Create(c, $"| records with a true partner linked or sent to review | {RecordsLinkedOrReviewed:N0} of {RecordsWithATrueLink:N0} ({LinkedOrReviewedRate:0.00%}) |"),
            string.Create(c, $"| open review items | {OpenReviewItems:N0} ({ReviewQueueRate:0.00%} of records) |"),
            string.Create(c, $"| records in the index but not in the truth file | {RecordsMissingFromTruth:N0} |"));
    }
}

/// <summary>Scores the index's assignments against a truth file (<c>agency,source_key,person_id</c>, as <c>hub generate population</c> writes it).</summary>
public static class PopulationEvaluation
{
    /// <summary>Reads a truth file: (source, key) → true person.</summary>
    public static Dictionary<(string Source, string Key), string> ReadTruth(string path)
    {
        var truth = new Dictionary<(string, string), string>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
        var columns = header.Split(',');
        int agency = Array.IndexOf(columns, "agency"), key = Array.IndexOf(columns, "source_key"), person = Array.IndexOf(columns, "person_id");
        if (agency < 0 || key < 0 || person < 0)
        {
            throw new InvalidDataException($"{path} must have the columns agency, source_key and person_id; it has: {header}.");
        }

        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != columns.Length)
            {
                throw new InvalidDataException($"{path} line {lineNumber}: {parts.Length} fields, the header has {columns.Length}.");
            }

            truth[(parts[agency], parts[key])] = parts[person];
        }

        return truth;
    }

    /// <summary>Scores what the index holds against the truth.</summary>
    public static async Task<PopulationScores> ScoreAsync(IIdentityStore store, IReadOnlyDictionary<(string Source, string Key), string> truth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(truth);
        var clusters = new Dictionary<Guid, List<(string Truth, string Method)>>();
        var recordPerson = new Dictionary<(string, string), Guid>();
        var recordTruth = new Dictionary<(string, string), string>();
        long records = 0, missing = 0;
        await foreach (var a in store.ListAssignmentsAsync(cancellationToken))
        {
            if (!truth.TryGetValue((a.Source, a.SourceKey), out var truePerson))
            {
                missing++;
                continue;
            }

            records++;
            recordTruth[(a.Source, a.SourceKey)] = truePerson;
            if (a.PersonId is { } p)
            {
                recordPerson[(a.Source, a.SourceKey)] = p;
                if (!clusters.TryGetValue(p, out var members))
                {
                    members = [];
                    clusters[p] = members;
                }

                members.Add((truePerson, a.Method));
            }
        }

        // True pairs among the records the index holds.
        var perTruth = recordTruth.Values.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var truePairs = perTruth.Values.Sum(n => n * (n - 1) / 2);
        long predicted = 0, truePositive = 0, autoLinks = 0, falseAuto = 0;
        var truthsByPerson = new Dictionary<Guid, HashSet<string>>();
        foreach (var (personId, members) in clusters)
        {
            long n = members.Count;
            predicted += n * (n - 1) / 2;
            var groups = members.GroupBy(m => m.Truth, StringComparer.Ordinal).Select(g => (Truth: g.Key, Count: (long)g.Count())).ToList();
            truePositive += groups.Sum(g => g.Count * (g.Count - 1) / 2);
            var majority = groups.MaxBy(g => g.Count).Truth;
            foreach (var m in members)
            {
                if (m.Method is "nik" or "auto")
                {
                    autoLinks++;
                    if (!string.Equals(m.Truth, majority, StringComparison.Ordinal))
                    {
                        falseAuto++;
                    }
                }
            }

            truthsByPerson[personId] = groups.Select(g => g.Truth).ToHashSet(StringComparer.Ordinal);
        }

        var reviewed = new HashSet<(string, string)>();
        var reviewedTowards = new Dictionary<Guid, HashSet<string>>();
        long openReviews = 0;
        await foreach (var pair in store.ListOpenReviewPairsAsync(cancellationToken))
        {
            openReviews++;
            if (recordTruth.TryGetValue((pair.Source, pair.SourceKey), out var t)
                && truthsByPerson.TryGetValue(pair.CandidatePersonId, out var candidateTruths) && candidateTruths.Contains(t))
            {
                reviewed.Add((pair.Source, pair.SourceKey));
                if (!reviewedTowards.TryGetValue(pair.CandidatePersonId, out var towards))
                {
                    towards = new HashSet<string>(StringComparer.Ordinal);
                    reviewedTowards[pair.CandidatePersonId] = towards;
                }

                towards.Add(t);
            }
        }

        long withPartner = 0, covered = 0;
        foreach (var (key, t) in recordTruth)
        {
            if (perTruth[t] < 2)
            {
                continue;
            }

            withPartner++;
            var linked = recordPerson.TryGetValue(key, out var p) && clusters[p].Count(m => string.Equals(m.Truth, t, StringComparison.Ordinal)) >= 2;
            if (linked || reviewed.Contains(key) || PartnerReviewedTowards(key, t))
            {
                covered++;
            }
        }

        return new PopulationScores(records, clusters.Count, truePairs, predicted, truePositive, autoLinks, falseAuto, withPartner, covered, openReviews, missing);

        // A record is also covered when a review item puts one of its true partners in front of a reviewer with the record's person.
        bool PartnerReviewedTowards((string, string) key, string t) =>
            recordPerson.TryGetValue(key, out var p) && reviewedTowards.TryGetValue(p, out var truths) && truths.Contains(t);
    }
}
