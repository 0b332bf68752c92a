using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Core.Tests.Synthetic;

/// <summary>One population of 5,000 people with the default rates, generated once for the statistical tests.</summary>
public sealed class AgencyPopulationFixture
{
    public const int People = 5_000;

    public static readonly DateOnly Today = new(2026, 11, 23);

    public AgencyPopulationFixture()
    {
        var generator = new AgencyPopulationGenerator(20251123, Today);
        Persons = [.. generator.Generate(People)];
        Tally = generator.Tally;
    }

    public IReadOnlyList<PersonRecords> Persons { get; }

    public NoiseTally Tally { get; }
}

public sealed class AgencyPopulationGeneratorTests(AgencyPopulationFixture fixture) : IClassFixture<AgencyPopulationFixture>
{
    private static readonly DateOnly Today = AgencyPopulationFixture.Today;
    private readonly IReadOnlyList<PersonRecords> _persons = fixture.Persons;
    private readonly PopulationNoiseOptions _defaults = new();

    private IEnumerable<(PersonRecords Person, BpjsRecord Record)> Bpjs => _persons.SelectMany(p => p.Bpjs.Select(r => (p, r)));

    private IEnumerable<(PersonRecords Person, DjpRecord Record)> Djp => _persons.SelectMany(p => p.Djp.Select(r => (p, r)));

    // Observed count within four standard deviations (plus a little for tiny expectations) of the binomial mean.
    private static void AssertRate(string what, long observed, long trials, double rate)
    {
        var mean = trials * rate;
        var tolerance = (4 * Math.Sqrt(trials * rate * (1 - rate))) + 2;
        Assert.True(Math.Abs(observed - mean) <= tolerance, $"{what}: {observed} of {trials}, expected {mean:0.0} ± {tolerance:0.0} (rate {rate}).");
    }

    private static string Flat(PersonRecords p) => string.Join(
        "\n",
        p.Dukcapil.Select(r => r.ToString()).Concat(p.Bpjs.Select(r => r.ToString())).Concat(p.Djp.Select(r => r.ToString())).Prepend(p.Truth.ToString()));

    [Fact]
    public void Generate_SameSeed_GivesTheSameRecords()
    {
        var first = new AgencyPopulationGenerator(7, Today).Generate(800).Select(Flat).ToList();
        var second = new AgencyPopulationGenerator(7, Today).Generate(800).Select(Flat).ToList();
        var other = new AgencyPopulationGenerator(8, Today).Generate(800).Select(Flat).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Generate_NoiseRatesChanged_ThePeopleStayTheSame()
    {
        var quiet = new PopulationNoiseOptions { BpjsNikMissing = 0, Moved = 0.5, DukcapilDoubleRegistration = 0.2 };
        var baseline = new AgencyPopulationGenerator(7, Today).Generate(800).Select(p => p.Truth).ToList();
        var noisy = new AgencyPopulationGenerator(7, Today, quiet).Generate(800).Select(p => p.Truth).ToList();

        Assert.Equal(baseline, noisy);
    }

    [Fact]
    public void Generate_PersonIdsAreStableAndUnique()
    {
        Assert.Equal("P00000001", _persons[0].PersonId);
        Assert.Equal(_persons.Count, _persons.Select(p => p.PersonId).Distinct().Count());
        Assert.All(_persons, p => Assert.All(p.Dukcapil, r => Assert.Equal(p.PersonId, r.PersonId)));
        Assert.All(Bpjs, x => Assert.Equal(x.Person.PersonId, x.Record.PersonId));
    }

    [Fact]
    public void DukcapilNiks_AreValidUniqueAndAgreeWithTheRow()
    {
        var rows = _persons.SelectMany(p => p.Dukcapil).ToList();

        Assert.All(rows, r =>
        {
            var nik = Nik.Parse(r.Person.Nik);
            Assert.True(nik.Success, r.Person.Nik + ": " + nik.Message);
            Assert.Equal(new NikConsistency(true, true), nik.Value.AgreesWith(r.Person.BirthDate, r.Person.Sex));
            Assert.Matches("^[0-9]{16}$", r.Person.Kk);
        });
        Assert.Equal(rows.Count, rows.Select(r => r.Person.Nik).Distinct().Count());
    }

    [Fact]
    public void DoubleRegistration_SecondRowHasAnotherValidNikAndFamilyCard()
    {
        var generator = new AgencyPopulationGenerator(3, Today, new PopulationNoiseOptions { DukcapilDoubleRegistration = 0.05 });
        var persons = generator.Generate(2_000).ToList();
        var doubled = persons.Where(p => p.Dukcapil.Count == 2).ToList();

        AssertRate("double registrations", doubled.Count, persons.Count, 0.05);
        Assert.All(doubled, p =>
        {
            var (first, second) = (p.Dukcapil[0].Person, p.Dukcapil[1].Person);
            Assert.NotEqual(first.Nik, second.Nik);
            Assert.True(p.Dukcapil[1].Noise.HasFlag(RecordNoise.Duplicate));
            Assert.NotEqual(first.Kk, second.Kk);
            Assert.Equal(new NikConsistency(true, true), Nik.Parse(second.Nik).Value.AgreesWith(second.BirthDate, second.Sex));
        });
        var all = persons.SelectMany(p => p.Dukcapil).Select(r => r.Person.Nik).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Enrolment_BpjsAboutNinetyPercent_DjpMostlyWorkingAgeAdults()
    {
        AssertRate("BPJS enrolment", _persons.Count(p => p.Bpjs.Count > 0), _persons.Count, _defaults.BpjsEnrolment);
        Assert.All(Djp, x =>
        {
            Assert.False(x.Person.Truth.Deceased);
            Assert.True(x.Person.Truth.BirthDate.AddYears(21) <= Today);
        });
        Assert.InRange(Djp.Count(), _persons.Count / 5, _persons.Count / 2);
    }

    [Fact]
    public void BpjsNikNoise_MissingMistypedTransposedAndGanda_AtTheirRates()
    {
        var records = Bpjs.ToList();
        var owners = _persons.SelectMany(p => p.Dukcapil.Select(r => (r.Person.Nik, p.PersonId))).ToDictionary(x => x.Nik, x => x.PersonId);
        int missing = 0, oneDigit = 0, transposed = 0, ganda = 0;
        foreach (var (person, record) in records)
        {
            var truth = person.Truth.Nik;
            if (record.Nik is null)
            {
                missing++;
                Assert.Equal(RecordNoise.NikMissing, record.Noise & RecordNoise.NikMissing);
                continue;
            }

            var differing = Enumerable.Range(0, 16).Where(i => record.Nik[i] != truth[i]).ToList();
            if (owners.TryGetValue(record.Nik, out var owner) && owner != person.PersonId)
            {
                ganda++;
                Assert.NotEqual(RecordNoise.None, record.Noise & (RecordNoise.NikGandaFamily | RecordNoise.NikGandaStranger));
            }
            else if (differing.Count == 1)
            {
                oneDigit++;
                Assert.Equal(RecordNoise.NikMistyped, record.Noise & RecordNoise.NikMistyped);
            }
            else if (differing.Count == 2 && differing[1] == differing[0] + 1 && record.Nik[differing[0]] == truth[differing[1]])
            {
                transposed++;
                Assert.Equal(RecordNoise.NikTransposed, record.Noise & RecordNoise.NikTransposed);
            }
            else
            {
                Assert.Empty(differing);
            }
        }

        AssertRate("missing NIK", missing, records.Count, _defaults.BpjsNikMissing);
        AssertRate("one wrong digit", oneDigit, records.Count, _defaults.BpjsNikMistyped);
        AssertRate("transposed digits", transposed, records.Count, _defaults.BpjsNikTransposed);
        AssertRate("NIK ganda", ganda, records.Count, _defaults.BpjsNikGanda);
    }

    [Fact]
    public void NikGanda_RecordCarriesTheNikOfAnotherRealPerson_FamilyOnesShareTheKk()
    {
        var generator = new AgencyPopulationGenerator(5, Today, new PopulationNoiseOptions { BpjsNikGanda = 0.1, DjpNikGanda = 0.1 });
        var persons = generator.Generate(3_000).ToList();
        var byNik = persons.SelectMany(p => p.Dukcapil.Select(r => (r.Person.Nik, Person: p))).ToDictionary(x => x.Nik, x => x.Person);
        var ganda = persons.SelectMany(p => p.Bpjs.Select(r => (p, r.Nik, r.Noise)).Concat(p.Djp.Select(r => (p, r.Nik, r.Noise))))
            .Where(x => (x.Noise & (RecordNoise.NikGandaFamily | RecordNoise.NikGandaStranger)) != 0)
            .ToList();

        Assert.True(ganda.Count > 200, $"only {ganda.Count} NIK ganda records");
        Assert.Contains(ganda, x => (x.Noise & RecordNoise.NikGandaFamily) != 0);
        Assert.Contains(ganda, x => (x.Noise & RecordNoise.NikGandaStranger) != 0);
        Assert.All(ganda, x =>
        {
            var owner = byNik[x.Nik!];
            Assert.NotEqual(x.p.PersonId, owner.PersonId);
            Assert.Equal((x.Noise & RecordNoise.NikGandaFamily) != 0, owner.Truth.Kk == x.p.Truth.Kk);
        });
        // A DJP record with a borrowed NIK never uses it as its NPWP: that would clash with the owner's own row.
        Assert.All(persons.SelectMany(p => p.Djp).Where(r => r.Nik is not null && r.Npwp.Length == 16), r => Assert.Equal(r.Nik, r.Npwp));
    }

    [Fact]
    public void DjpNoise_MissingNikAtItsRate_NpwpsUnique()
    {
        var records = Djp.ToList();

        AssertRate("DJP without NIK", records.Count(x => x.Record.Nik is null), records.Count, _defaults.DjpNikMissing);
        Assert.All(records.Where(x => x.Record.Nik is null), x => Assert.Equal(15, x.Record.Npwp.Length));
        Assert.Equal(records.Count, records.Select(x => x.Record.Npwp).Distinct().Count());
    }

    [Fact]
    public void BirthDateNoise_SwapsAndDigitTyposAtTheirRates()
    {
        var records = Bpjs.ToList();
        var swappable = records.Where(x => IdentityNoise.SwapDayMonth(x.Person.Truth.BirthDate, Today) is not null).ToList();
        var swapped = swappable.Count(x => x.Record.BirthDate == IdentityNoise.SwapDayMonth(x.Person.Truth.BirthDate, Today));
        var typos = records.Count(x => x.Record.BirthDate != x.Person.Truth.BirthDate
            && x.Record.BirthDate != IdentityNoise.SwapDayMonth(x.Person.Truth.BirthDate, Today));

        AssertRate("day/month swaps", swapped, swappable.Count, _defaults.Bpjs.BirthDayMonthSwap);
        AssertRate("date digit typos", typos, records.Count, _defaults.Bpjs.BirthDateDigitTypo);
        Assert.All(records, x => Assert.True(x.Record.BirthDate <= Today));
        Assert.All(records.Where(x => x.Record.BirthDate != x.Person.Truth.BirthDate), x =>
            Assert.NotEqual(RecordNoise.None, x.Record.Noise & (RecordNoise.BirthDayMonthSwap | RecordNoise.BirthDateDigitTypo)));
    }

    [Fact]
    public void NameNoise_EveryKindAtItsRate_AndOnlyLabelledNamesDiffer()
    {
        const RecordNoise nameKinds = RecordNoise.NameTitle | RecordNoise.NameSpelling | RecordNoise.NameDroppedMiddle | RecordNoise.NameAbbreviated | RecordNoise.NameTypo;
        foreach (var agency in Enum.GetValues<SyntheticAgency>())
        {
            var names = agency switch
            {
                SyntheticAgency.Dukcapil => _persons.SelectMany(p => p.Dukcapil.Where(r => !r.Noise.HasFlag(RecordNoise.Duplicate)).Select(r => (Truth: p.Truth.FullName, r.Person.FullName, r.Noise))),
                SyntheticAgency.Bpjs => Bpjs.Select(x => (Truth: x.Person.Truth.FullName, FullName: x.Record.Name, x.Record.Noise)),
                _ => Djp.Select(x => (Truth: x.Person.Truth.FullName, FullName: x.Record.Name, x.Record.Noise)),
            };
            foreach (var (truth, written, noise) in names)
            {
                Assert.True(((noise & nameKinds) != 0) == !string.Equals(truth, written, StringComparison.Ordinal), $"{agency}: '{truth}' → '{written}' labelled {noise}");
            }

            var rates = _defaults.For(agency);
            foreach (var kind in AgencyNoiseRates.Kinds.Where(k => (k & nameKinds) != 0))
            {
                AssertRate($"{agency} {RecordNoiseNames.Of(kind)}", fixture.Tally.Applied(agency, kind), fixture.Tally.Eligible(agency, kind), rates.RateOf(kind));
            }
        }
    }

    [Fact]
    public void Moves_OneAgencyHoldsTheNewerAddress()
    {
        var held = _persons.Where(p => p.Bpjs.Count + p.Djp.Count > 0).ToList();
        var moved = 0;
        foreach (var p in held)
        {
            var addresses = new[] { (p.Dukcapil[0].Person.Street, p.Dukcapil[0].Person.VillageCode, p.Dukcapil[0].Noise) }
                .Concat(p.Bpjs.Take(1).Select(r => (r.Street, r.VillageCode, r.Noise)))
                .Concat(p.Djp.Select(r => (r.Street, r.VillageCode, r.Noise)))
                .ToList();
            var newer = addresses.Where(a => a.Street != p.Truth.Street || a.VillageCode != p.Truth.VillageCode).ToList();
            Assert.True(newer.Count <= 1, $"{p.PersonId}: {newer.Count} agencies hold a different address");
            Assert.Equal(newer.Count, addresses.Count(a => a.Noise.HasFlag(RecordNoise.NewerAddress)));
            moved += newer.Count;
        }

        AssertRate("moves", moved, held.Count, _defaults.Moved);
    }

    [Fact]
    public void Deaths_DukcapilMarksThem_BpjsSometimesLags()
    {
        var deceased = _persons.Where(p => p.Truth.Deceased).ToList();
        var inBpjs = deceased.SelectMany(p => p.Bpjs).ToList();

        Assert.NotEmpty(deceased);
        Assert.All(deceased, p => Assert.True(p.Dukcapil[0].Person.Deceased));
        AssertRate("deaths not reported to BPJS", inBpjs.Count(r => !r.ReportedDeceased), inBpjs.Count, _defaults.BpjsDeathNotReported);
        Assert.All(_persons.Where(p => !p.Truth.Deceased).SelectMany(p => p.Bpjs), r => Assert.False(r.ReportedDeceased));
    }

    [Fact]
    public void BpjsDuplicates_SamePersonTwoCardNumbers()
    {
        var enrolled = _persons.Where(p => p.Bpjs.Count > 0).ToList();
        var cards = enrolled.SelectMany(p => p.Bpjs).Select(r => r.CardNumber).ToList();

        AssertRate("second BPJS card", enrolled.Count(p => p.Bpjs.Count == 2), enrolled.Count, _defaults.BpjsDuplicate);
        Assert.Equal(cards.Count, cards.Distinct().Count());
        Assert.All(cards, c => Assert.Matches("^[0-9]{13}$", c));
    }

    [Fact]
    public void Options_OutOfRangeOrUnknown_AreRefused()
    {
        var options = new PopulationNoiseOptions();

        Assert.False(options.TrySet("bpjs.no-such-rate", 0.1));
        Assert.True(options.TrySet("BPJS.NAME.TYPO", 0.5));
        Assert.Equal(0.5, options.Bpjs.NameTypo);
        Assert.True(options.TrySet("djp.nik-missing", 1.5));
        Assert.Contains(options.Validate(), e => e.StartsWith("djp.nik-missing", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AgencyPopulationGenerator(1, Today, options));
    }
}
