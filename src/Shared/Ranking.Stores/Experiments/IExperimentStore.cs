using Ranking.Core.Experiments;

namespace Ranking.Stores.Experiments;

/// <summary>
/// Each surface's experiment: at most one running, the last stopped one kept for its reports. The models table's
/// <c>experiment#surface</c> row in AWS, a folder for <c>serve</c>.
/// </summary>
public interface IExperimentStore
{
    /// <summary>A description for logs and messages.</summary>
    string Source { get; }

    /// <summary>The surface's experiment, running or stopped, or null when it never had one.</summary>
    /// <exception cref="InvalidDataException">The stored experiment cannot be read; the message says why.</exception>
    Task<Experiment?> GetAsync(string surface, CancellationToken cancellationToken);

    /// <summary>Every surface's experiment, running or stopped, by surface.</summary>
    Task<IReadOnlyList<Experiment>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a running experiment; false, with nothing written, when its surface already runs one.</summary>
    Task<bool> TryStartAsync(Experiment experiment, CancellationToken cancellationToken);

    /// <summary>Stops the surface's running experiment and returns it as stopped; null when none was running.</summary>
    Task<Experiment?> StopAsync(string surface, DateTimeOffset at, CancellationToken cancellationToken);
}
