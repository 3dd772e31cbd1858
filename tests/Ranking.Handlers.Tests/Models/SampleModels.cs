using Ranking.Core.Ranking;
using Ranking.Handlers.Models;
using Ranking.Testing.Loopback;

namespace Ranking.Handlers.Tests.Models;

/// <summary>The shipped sample packages (samples/models), loaded as a host loads them; each call returns a new model the caller disposes.</summary>
internal static class SampleModels
{
    private static readonly FolderModelLocator s_locator = new(Path.Combine(RepoRoot.Find(), "samples", "models"));

    public static IModelLocator Locator => s_locator;

    public static Task<RankingModel> LoadAsync(string name) => s_locator.LoadAsync(name, "1", CancellationToken.None);
}
