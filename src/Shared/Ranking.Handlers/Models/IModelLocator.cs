using Ranking.Core.Ranking;
using Ranking.Core.Validation;

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

    /// <summary>The gate decisions of a version this locator validated itself, or null where it did not run the gates.</summary>
    IReadOnlyList<GateOutcome>? Gates(string name, string version) => null;
}
