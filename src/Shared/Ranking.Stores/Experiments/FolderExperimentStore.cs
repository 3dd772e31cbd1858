using Ranking.Core.Experiments;

namespace Ranking.Stores.Experiments;

/// <summary>
/// <c>serve</c>'s experiments: one <c>{surface}.json</c> per surface in a folder, replaced whole by a rename so a
/// reader never sees half a file. A missing folder holds no experiments. Starts are not atomic across processes: one
/// person's CLI against one server.
/// </summary>
public sealed class FolderExperimentStore(string directory) : IExperimentStore
{
    public string Source => directory;

    public async Task<Experiment?> GetAsync(string surface, CancellationToken cancellationToken)
    {
        var path = PathOf(surface);
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return ExperimentJson.Read(json, path);
    }

    public async Task<IReadOnlyList<Experiment>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var experiments = new List<Experiment>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            experiments.Add(ExperimentJson.Read(await File.ReadAllTextAsync(path, cancellationToken), path));
        }

        return experiments;
    }

    public async Task<bool> TryStartAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (await GetAsync(experiment.Surface, cancellationToken) is { IsRunning: true })
        {
            return false;
        }

        await WriteAsync(experiment, cancellationToken);
        return true;
    }

    public async Task<Experiment?> StopAsync(string surface, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await GetAsync(surface, cancellationToken) is not { IsRunning: true } running)
        {
            return null;
        }

        var stopped = running with { StoppedAt = at };
        await WriteAsync(stopped, cancellationToken);
        return stopped;
    }

    private async Task WriteAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(experiment.Surface);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, ExperimentJson.Write(experiment), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(string surface) => Path.Combine(directory, surface + ".json");
}
