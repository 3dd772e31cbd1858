using System.Diagnostics.CodeAnalysis;
using Ranking.Contracts.Rules;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Handlers.Experiments;

namespace Ranking.Handlers.Models;

/// <summary>
/// The surfaces a host serves and the model each one ranks with. The surfaces are fixed at start-up; the model
/// behind a surface can be swapped atomically while requests run (hot swap): a request reads the surface once
/// and keeps that model for its whole life.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly Dictionary<string, Slot> _surfaces;

    public ModelCatalog(IEnumerable<SurfaceModel> surfaces) =>
        _surfaces = surfaces.ToDictionary(s => s.Surface, s => new Slot(s), StringComparer.Ordinal);

    public IEnumerable<SurfaceModel> Surfaces => _surfaces.Values.Select(s => s.Current).OrderBy(s => s.Surface, StringComparer.Ordinal);

    public IEnumerable<string> SurfaceNames => _surfaces.Keys.Order(StringComparer.Ordinal);

    /// <summary>The 404 for a surface this catalog does not serve, naming the ones it does.</summary>
    public Http.ApiError UnknownSurface(string surface) =>
        Http.ApiError.UnknownSurface($"surface '{surface}' is not configured (configured: {string.Join(", ", SurfaceNames)})");

    public bool TryGet(string surface, [NotNullWhen(true)] out SurfaceModel? model)
    {
        if (_surfaces.TryGetValue(surface, out var slot))
        {
            model = slot.Current;
            return true;
        }

        model = null;
        return false;
    }

    /// <summary>Serves <paramref name="model"/> on <paramref name="surface"/> from now on; returns the model it replaced, for the caller to retire.</summary>
    public RankingModel? Swap(string surface, RankingModel model)
    {
        var slot = _surfaces[surface];
        var previous = slot.Current;
        slot.Current = previous with { Model = model, Unavailable = null };
        return previous.Model;
    }

    /// <summary>Scores <paramref name="shadow"/>'s challenger alongside the surface's model on a fraction of requests.</summary>
    public void SetShadow(string surface, Shadow shadow)
    {
        var slot = _surfaces[surface];
        slot.Current = slot.Current with { Shadow = shadow };
    }

    /// <summary>Serves <paramref name="experiment"/> (null: none) on <paramref name="surface"/> from now on; returns the one it replaced, for the caller to retire.</summary>
    public RunningExperiment? SetExperiment(string surface, RunningExperiment? experiment)
    {
        var slot = _surfaces[surface];
        var previous = slot.Current.Experiment;
        slot.Current = slot.Current with { Experiment = experiment };
        return previous;
    }

    /// <summary>Records why a surface has no model, unless it has one (a serving model is never replaced by an error).</summary>
    public void MarkUnavailable(string surface, string reason)
    {
        var slot = _surfaces[surface];
        var current = slot.Current;
        if (current.Model is null)
        {
            slot.Current = current with { Unavailable = reason };
        }
    }

    /// <summary>Every surface without a model yet; a <see cref="ModelRefresher"/> loads them.</summary>
    /// <param name="rules">Each surface's business rules (<see cref="RulesConfiguration.Parse"/>); null or a surface left out keeps the defaults.</param>
    public static ModelCatalog Pending(IReadOnlyDictionary<string, string> surfaceToModel, IReadOnlyDictionary<string, SurfaceRulesSettings>? rules = null) =>
        new(surfaceToModel.Select(s => new SurfaceModel
        {
            Surface = s.Key,
            ModelName = s.Value,
            Unavailable = "not loaded yet",
            Rules = rules?.GetValueOrDefault(s.Key) is { } settings ? new SurfaceRules(settings) : SurfaceRules.Default,
        }));

    public void Dispose()
    {
        foreach (var slot in _surfaces.Values)
        {
            slot.Current.Model?.Dispose();
            slot.Current.Shadow?.Challenger.Dispose();
            slot.Current.Experiment?.Dispose();
        }
    }

    private sealed class Slot(SurfaceModel current)
    {
        private SurfaceModel _current = current;

        public SurfaceModel Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }
    }
}
