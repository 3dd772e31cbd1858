using Ranking.Core.Ranking;
using Ranking.Stores.Models;

namespace Ranking.Handlers.Models;

/// <summary>Models in a local folder: the newest version folder with a manifest is live.</summary>
public sealed class FolderModelLocator(string root) : IModelLocator
{
    /// <summary>Named, not spelt out: the text reaches health answers, which must not reveal the host's paths.</summary>
    public string Source => "the models folder";

    public Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(ModelDirectory.Versions(root, name) is [var newest, ..] ? newest : null);

    public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) =>
        Task.FromResult(ModelDirectory.Load(root, name, version));
}
