using System.Globalization;

namespace Ranking.ColdStart;

/// <summary>The results as Markdown, with the targets the AOT builds are held to.</summary>
internal static class MarkdownReport
{
    private const double InitTargetMs = 150;
    private const double RatioTarget = 1.0 / 3;

    public static void Write(TextWriter output, IReadOnlyList<FunctionResult> results, ColdStartOptions options)
    {
        output.WriteLine(Invariant($"## Cold start: {options.Rounds} rounds per function and build ({options.Warmup} warm-up discarded), AOT and JIT alternating"));
        output.WriteLine();
        output.WriteLine("Init: process start to first `invocation/next` (clients built, models loaded from the bucket and warmed). First invocation: event queued to response posted.");
        output.WriteLine();
        output.WriteLine("| function | build | init median (min-max) ms | first invocation median (min-max) ms |");
        output.WriteLine("|---|---|---:|---:|");
        foreach (var result in results)
        {
            foreach (var kind in new[] { BuildKind.Aot, BuildKind.Jit })
            {
                var rounds = result.Rounds(kind);
                output.WriteLine($"| {result.Function.Name} | {kind.ToString().ToUpperInvariant()} | {Format(Spread.Of(rounds.Select(r => r.Init)))} | {Format(Spread.Of(rounds.Select(r => r.FirstInvocation)))} |");
            }
        }

        output.WriteLine();
        foreach (var result in results)
        {
            var aot = Spread.Of(result.Aot.Select(r => r.Init)).Median;
            var jit = Spread.Of(result.Jit.Select(r => r.Init)).Median;
            var ratio = aot / jit;
            output.WriteLine(Invariant(
                $"- {result.Function.Name}: AOT init / JIT init = {ratio:0.00} ({aot:0} / {jit:0} ms, medians); AOT init <= {InitTargetMs:0} ms: {Verdict(aot <= InitTargetMs)}; ratio <= 1/3: {Verdict(ratio <= RatioTarget)}"));
        }

        output.WriteLine();
        output.WriteLine("Sizes (folders without .dbg/.pdb):");
        output.WriteLine();
        output.WriteLine("| function | AOT bootstrap | AOT publish folder | JIT output folder |");
        output.WriteLine("|---|---:|---:|---:|");
        foreach (var result in results)
        {
            output.WriteLine(
                $"| {result.Function.Name} | {Megabytes(new FileInfo(result.AotBootstrap).Length)} | {Megabytes(FolderBytes(result.AotBootstrap))} | {Megabytes(FolderBytes(result.JitBootstrap))} |");
        }
    }

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
