using Ranking.Core.Rules;
using Ranking.Stores.Models;

namespace Ranking.Handlers.Models;

/// <summary>The surfaces a host serves and the model each one ranks with, loaded once at start-up.</summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly Dictionary<string, SurfaceModel> _surfaces;

    public ModelCatalog(IEnumerable<SurfaceModel> surfaces) =>
        _surfaces = surfaces.ToDictionary(s => s.Surface, StringComparer.Ordinal);

    public IEnumerable<SurfaceModel> Surfaces => _surfaces.Values.OrderBy(s => s.Surface, StringComparer.Ordinal);

    public IEnumerable<string> SurfaceNames => _surfaces.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string surface, out SurfaceModel model) => _surfaces.TryGetValue(surface, out model!);

    /// <summary>
    /// Loads the newest version of each surface's model from a local models folder. A model that is missing or
    /// broken does not stop the host: its surface is served in fallback order and health names the problem.
    /// </summary>
    public static ModelCatalog FromDirectory(string root, IReadOnlyDictionary<string, string> surfaceToModel, Func<string, SurfaceRules>? rules = null)
    {
        var surfaces = new List<SurfaceModel>();
        foreach (var (surface, name) in surfaceToModel)
        {
            var surfaceRules = rules?.Invoke(surface) ?? SurfaceRules.Default;
            var dir = ModelDirectory.FindLatest(root, name);
            if (dir is null)
            {
                surfaces.Add(new SurfaceModel { Surface = surface, ModelName = name, Rules = surfaceRules, Unavailable = $"no package of '{name}' under {root}" });
                continue;
            }

            try
            {
                surfaces.Add(new SurfaceModel { Surface = surface, ModelName = name, Rules = surfaceRules, Model = ModelDirectory.Load(dir) });
            }
            catch (InvalidDataException e)
            {
                surfaces.Add(new SurfaceModel { Surface = surface, ModelName = name, Rules = surfaceRules, Unavailable = e.Message });
            }
        }

        return new ModelCatalog(surfaces);
    }

    public void Dispose()
    {
        foreach (var surface in _surfaces.Values)
        {
            surface.Model?.Dispose();
        }
    }
}
