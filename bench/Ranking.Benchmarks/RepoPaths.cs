namespace Ranking.Benchmarks;

/// <summary>
/// Paths inside the repository. BenchmarkDotNet runs each case in a generated child process whose working
/// directory and base directory both differ from the caller's, so paths are resolved from the repository root.
/// </summary>
internal static class RepoPaths
{
    /// <summary>Overrides the model package folder, e.g. to benchmark a package trained into a temp folder.</summary>
    public const string ModelVariable = "RANKING_BENCH_MODEL";

    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding <c>Serverless.sln</c>, found by walking up from the running assembly.</summary>
    public static string Root => s_root.Value;

    public static string Marketplace => Path.Combine(Root, "samples", "marketplace");

    public static string ModelPackage =>
        Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(Root, "samples", "models", "feed-ltr", "1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}: run the benchmarks from inside the repository.");
    }
}
