using Ranking.Core.Ranking;
using Ranking.Stores.Models;

namespace Ranking.Handlers.Models;

/// <summary>Models in a local folder: the newest version folder with a manifest is live.</summary>
public sealed class FolderModelLocator(string root) : IModelLocator
{
    public string Source => root;

    public Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(ModelDirectory.FindLatest(root, name) is { } dir ? Path.GetFileName(dir) : null);

    public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) =>
        Task.FromResult(ModelDirectory.Load(Path.Combine(root, name, version)));
}
