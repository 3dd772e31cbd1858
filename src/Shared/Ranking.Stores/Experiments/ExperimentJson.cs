using System.Text.Json;
using Ranking.Core.Experiments;
using Ranking.Core.Models;

namespace Ranking.Stores.Experiments;

/// <summary>An experiment as stored: the same JSON in the models table's row and in serve's folder.</summary>
public static class ExperimentJson
{
    public static string Write(Experiment experiment) => JsonSerializer.Serialize(experiment, CoreJsonContext.Default.Experiment);

    /// <exception cref="InvalidDataException">Not an experiment; <paramref name="where"/> names the source in the message.</exception>
    public static Experiment Read(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CoreJsonContext.Default.Experiment) ?? throw new InvalidDataException($"{where}: the experiment is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not an experiment: {e.Message}", e);
        }
    }
}
