namespace Ranking.Contracts.Rules;

/// <summary>At most <paramref name="Max"/> items sharing a value of <paramref name="Attribute"/> in the first <paramref name="Window"/> positions.</summary>
public sealed record DiversityCap(string Attribute, int Max, int Window);
