using Ranking.Contracts.Rules;

namespace Ranking.Core.Rules;

/// <summary>A surface's business rules (<see cref="SurfaceRulesSettings"/>) built once for the requests that apply them.</summary>
public sealed class SurfaceRules
{
    public SurfaceRules(SurfaceRulesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        BoostConditions = settings.Boosts.Select(b => new ItemCondition(b.When)).ToArray();
        FilterConditions = settings.Filters.Select(f => new ItemCondition(f.When)).ToArray();
        Caps = settings.Diversity.Select(c => new Cap(ItemAttributeReader.Parse(c.Attribute), c.Max, c.Window)).ToArray();
        Window = settings.Diversity.Count == 0 ? 0 : settings.Diversity.Max(c => c.Window);
    }

    public static SurfaceRules Default { get; } = new(SurfaceRulesSettings.Default);

    public SurfaceRulesSettings Settings { get; }

    internal ItemCondition[] BoostConditions { get; }

    internal ItemCondition[] FilterConditions { get; }

    internal Cap[] Caps { get; }

    /// <summary>The widest cap's window: past it, diversity leaves the order alone.</summary>
    internal int Window { get; }

    internal readonly record struct Cap(ItemAttribute Attribute, int Max, int Window);
}
