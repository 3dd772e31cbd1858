using Ranking.Core.Ranking;

namespace Ranking.Handlers.Models;

/// <summary>Where a host finds the version of a model it should serve, and loads it.</summary>
public interface IModelLocator
{
    /// <summary>A description for logs, e.g. the folder or bucket.</summary>
    string Source { get; }

    /// <summary>The version that should be live now, or null when there is none.</summary>
    Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken);

    /// <summary>Loads and verifies a version (sha256, shapes).</summary>
    /// <exception cref="InvalidDataException">The package is bad.</exception>
    Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken);

    /// <summary>Versions of <paramref name="name"/> newer than the live one that were passed over, newest first.</summary>
    IReadOnlyList<SkippedVersion> Skipped(string name) => [];
}
