using System.Diagnostics;
using System.Globalization;
using Ranking.ColdStart;
using Ranking.Testing.Functions;
using Ranking.Testing.Loopback;

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
    (string Root, string Commit)? baseline = options.Baseline is { } gitRef ? await BaselineCheckout.PrepareAsync(RepoRoot.Find(), gitRef) : null;
    if (baseline is { } prepared)
    {
        await Console.Error.WriteLineAsync($"baseline {options.Baseline} is {prepared.Commit}, checked out at {prepared.Root}");
    }

    // One build at a time: each ILC run wants both cores, and FunctionBuild shares obj/ folders between the two kinds.
    foreach (var function in FunctionCases.All)
    {
        var bootstraps = new Dictionary<BuildKind, string>
        {
            [BuildKind.Aot] = await BuildAsync(function, BuildKind.Aot, null),
            [BuildKind.Jit] = await BuildAsync(function, BuildKind.Jit, null),
        };
        // Rank alone gets the builds that differ in ONNX Runtime: whether its model load maps the library is what
        // they compare, and the other functions would only lengthen the run.
        if (function.Name == "Rank")
        {
            bootstraps[BuildKind.AotTreesOnly] = await BuildAsync(function, BuildKind.AotTreesOnly, null);
            if (baseline is { } checkout)
            {
                bootstraps[BuildKind.AotBaseline] = await BuildAsync(function, BuildKind.AotBaseline, checkout.Root);
            }
        }

        results.Add(new FunctionResult(function, bootstraps));
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
                // The builds take turns, and which goes first rotates every round, so no kind always follows another's
                // teardown or rides the same slice of background load.
                var kinds = result.Kinds;
                for (var turn = 0; turn < kinds.Count; turn++)
                {
                    var kind = kinds[(round + turn) % kinds.Count];
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

static async Task<string> BuildAsync(FunctionCase function, BuildKind kind, string? repoRoot)
{
    var started = Stopwatch.GetTimestamp();
    var bootstrap = await FunctionBuild.BootstrapAsync(function.Project, nativeAot: kind != BuildKind.Jit, treesOnly: kind == BuildKind.AotTreesOnly, repoRoot);
    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
        $"built {function.Name} {kind} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s: {bootstrap}"));
    return bootstrap;
}
