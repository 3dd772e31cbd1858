using System.Diagnostics;
using System.Globalization;
using Ranking.ColdStart;
using Ranking.Testing.Functions;

// Progress and failures go to stderr, so stdout is the Markdown report alone.
ColdStartOptions options;
try
{
    options = ColdStartOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message + "\n" + ColdStartOptions.Usage);
    return 2;
}

var results = new List<FunctionResult>();
try
{
    // One build at a time: each ILC run wants both cores, and FunctionBuild shares obj/ folders between the two kinds.
    foreach (var function in FunctionCases.All)
    {
        var aot = await BuildAsync(function, BuildKind.Aot);
        var jit = await BuildAsync(function, BuildKind.Jit);
        results.Add(new FunctionResult(function, aot, jit));
    }
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("Build failed: " + e.Message);
    return 1;
}

await using (var bed = await FunctionTestBed.StartAsync())
{
    try
    {
        foreach (var result in results)
        {
            for (var round = 0; round < options.Warmup + options.Rounds; round++)
            {
                // AOT and JIT alternate, and which goes first flips every round, so neither kind always follows the
                // other's teardown or rides the same slice of background load.
                var kinds = round % 2 == 0 ? new[] { BuildKind.Aot, BuildKind.Jit } : [BuildKind.Jit, BuildKind.Aot];
                foreach (var kind in kinds)
                {
                    var timing = await ColdStartRound.RunAsync(result.Function, kind, result.Bootstrap(kind), bed);
                    var warmup = round < options.Warmup;
                    if (!warmup)
                    {
                        result.Rounds(kind).Add(timing);
                    }

                    var name = warmup ? "warm-up " + (round + 1).ToString(CultureInfo.InvariantCulture) : "round " + (round - options.Warmup + 1).ToString(CultureInfo.InvariantCulture);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{result.Function.Name} {kind} {name}: init {timing.Init.TotalMilliseconds:0.0} ms, first invocation {timing.FirstInvocation.TotalMilliseconds:0.0} ms"));
                }
            }
        }
    }
    catch (ColdStartFailedException e)
    {
        await Console.Error.WriteLineAsync("FAILED: " + e.Message);
        return 1;
    }
}

MarkdownReport.Write(Console.Out, results, options);
return 0;

static async Task<string> BuildAsync(FunctionCase function, BuildKind kind)
{
    var started = Stopwatch.GetTimestamp();
    var bootstrap = await FunctionBuild.BootstrapAsync(function.Project, nativeAot: kind == BuildKind.Aot);
    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
        $"built {function.Name} {kind} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s: {bootstrap}"));
    return bootstrap;
}
