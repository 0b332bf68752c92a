using IntegrationHub.Bench;

// Hub.Bench ingest --rows N --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]
// Hub.Bench audit --entries N --db sqlite|postgres [--writers W] [--floor-entries F] [--results DIR]
// Hub.Bench population --people N --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]
// Hub.Bench match-index --index N --bpjs M --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]
// Hub.Bench scale --people N[,N...] --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]
// Hub.Bench lookup --api Hub.Api.dll [--seconds S] [--concurrency C] [--results DIR]
// Hub.Bench child <context.json> <source> <phase>   (internal: one measured phase in a fresh process)
// Hub.Bench population-child <hub.json> <source>    (internal: one agency's ingest in a fresh process)
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    switch (args.FirstOrDefault())
    {
        case "ingest":
            return await IngestBenchmark.RunAsync(BenchArguments.Parse(args[1..]), cancel.Token);
        case "lookup":
            return await LookupBenchmark.RunAsync(args[1..], cancel.Token);
        case "audit":
            return await AuditBenchmark.RunAsync(args[1..], cancel.Token);
        case AuditBenchmark.ChildCommand:
            return await AuditBenchmark.RunChildAsync(args[1..], cancel.Token);
        case "population":
            return await PopulationBenchmark.RunAsync(PopulationArguments.Parse(args[1..]), cancel.Token);
        case "match-index":
            return await MatchIndexBenchmark.RunAsync(MatchIndexArguments.Parse(args[1..]), cancel.Token);
        case "scale":
            return await ScaleBenchmark.RunAsync(ScaleArguments.Parse(args[1..]), cancel.Token);
        case ScaleChild.IngestCommand when args.Length is 4 or 5:
            Console.WriteLine((await ScaleChild.IngestAsync(args[1], args[2], args[3], args.Length == 5 ? args[4] : null, cancel.Token)).ToLine());
            return 0;
        case ScaleChild.FloorCommand when args.Length == 4:
            Console.WriteLine((await ScaleChild.FloorAsync(BenchContext.Load(args[1]), args[2], args[3], cancel.Token)).ToLine());
            return 0;
        case PopulationBenchmark.ChildCommand when args.Length == 3:
            Console.WriteLine((await PopulationBenchmark.RunChildAsync(args[1], args[2], cancel.Token)).ToLine());
            return 0;
        case "child" when args.Length == 4:
            var result = await PhaseRunner.RunAsync(BenchContext.Load(args[1]), args[2], args[3], cancel.Token);
            Console.WriteLine(result.ToLine());
            return 0;
        default:
            Console.Error.WriteLine("usage: Hub.Bench ingest --rows N --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]");
            Console.Error.WriteLine("       Hub.Bench audit --entries N --db sqlite|postgres [--writers W] [--floor-entries F] [--results DIR]");
            Console.Error.WriteLine("       Hub.Bench population --people N --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]");
            Console.Error.WriteLine("       Hub.Bench scale --people N[,N...] --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]");
            Console.Error.WriteLine("       Hub.Bench match-index --index N --bpjs M --db sqlite|postgres [--seed S] [--batch B] [--results DIR] [--keep]");
            return 2;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
