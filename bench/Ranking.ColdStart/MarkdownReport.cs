using System.Globalization;

namespace Ranking.ColdStart;

/// <summary>The results as Markdown, with the targets the AOT builds are held to.</summary>
internal static class MarkdownReport
{
    private const double InitTargetMs = 150;
    private const double RatioTarget = 1.0 / 3;

    /// <summary>Issue 11: Rank's init with a tree model, without loading ONNX Runtime, against a baseline that loads it.</summary>
    private const double OnnxRuntimeSavingTargetMs = 15;

    public static void Write(TextWriter output, IReadOnlyList<FunctionResult> results, ColdStartOptions options)
    {
        output.WriteLine(Invariant($"## Cold start: {options.Rounds} rounds per function and build ({options.Warmup} warm-up discarded), builds taking turns"));
        output.WriteLine();
        output.WriteLine("Init: process start to first `invocation/next` (clients built, models loaded from the bucket and warmed). First invocation: event queued to response posted.");
        output.WriteLine();
        output.WriteLine("| function | build | init median (min-max) ms | first invocation median (min-max) ms |");
        output.WriteLine("|---|---|---:|---:|");
        foreach (var result in results)
        {
            foreach (var kind in result.Kinds)
            {
                var rounds = result.Rounds(kind);
                output.WriteLine($"| {result.Function.Name} | {Label(kind, options)} | {Format(Spread.Of(rounds.Select(r => r.Init)))} | {Format(Spread.Of(rounds.Select(r => r.FirstInvocation)))} |");
            }
        }

        output.WriteLine();
        foreach (var result in results)
        {
            var aot = InitMedian(result, BuildKind.Aot);
            var jit = InitMedian(result, BuildKind.Jit);
            var ratio = aot / jit;
            output.WriteLine(Invariant(
                $"- {result.Function.Name}: AOT init / JIT init = {ratio:0.00} ({aot:0} / {jit:0} ms, medians); AOT init <= {InitTargetMs:0} ms: {Verdict(aot <= InitTargetMs)}; ratio <= 1/3: {Verdict(ratio <= RatioTarget)}"));
            if (result.Kinds.Contains(BuildKind.AotBaseline))
            {
                var baseline = InitMedian(result, BuildKind.AotBaseline);
                var treesOnly = InitMedian(result, BuildKind.AotTreesOnly);
                output.WriteLine(Invariant(
                    $"- {result.Function.Name}: init {baseline - aot:0.0} ms less than {Label(BuildKind.AotBaseline, options)} with the full bundle, {baseline - treesOnly:0.0} ms less trees-only ({baseline:0.0} -> {aot:0.0} / {treesOnly:0.0} ms, medians); at least {OnnxRuntimeSavingTargetMs:0} ms less: {Verdict(baseline - aot >= OnnxRuntimeSavingTargetMs)} / {Verdict(baseline - treesOnly >= OnnxRuntimeSavingTargetMs)}"));
            }
        }

        output.WriteLine();
        output.WriteLine("Sizes (folders without .dbg/.pdb):");
        output.WriteLine();
        output.WriteLine("| function | build | bootstrap | folder |");
        output.WriteLine("|---|---|---:|---:|");
        foreach (var result in results)
        {
            foreach (var kind in result.Kinds)
            {
                var bootstrap = result.Bootstrap(kind);
                output.WriteLine($"| {result.Function.Name} | {Label(kind, options)} | {Megabytes(new FileInfo(bootstrap).Length)} | {Megabytes(FolderBytes(bootstrap))} |");
            }
        }
    }

    private static double InitMedian(FunctionResult result, BuildKind kind) => Spread.Of(result.Rounds(kind).Select(r => r.Init)).Median;

    private static string Label(BuildKind kind, ColdStartOptions options) => kind switch
    {
        BuildKind.Aot => "AOT",
        BuildKind.Jit => "JIT",
        BuildKind.AotTreesOnly => "AOT trees-only",
        BuildKind.AotBaseline => $"AOT at {options.Baseline}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Format(Spread spread) => Invariant($"{spread.Median:0} ({spread.Min:0}-{spread.Max:0})");

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static string Megabytes(long bytes) => Invariant($"{bytes / (1024.0 * 1024.0):0.0} MiB");

    // Symbol files (bootstrap.dbg from StripSymbols, the libraries' .pdb) are written next to the binaries but never
    // deployed, so they are left out of both folders.
    private static long FolderBytes(string bootstrap) =>
        new DirectoryInfo(Path.GetDirectoryName(bootstrap)!).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Extension is not (".dbg" or ".pdb"))
            .Sum(f => f.Length);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
