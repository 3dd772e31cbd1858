namespace Ranking.Stores.Registry;

/// <summary>Progress of a publish: one report per uploaded file (<paramref name="Index"/> of <paramref name="Count"/>, 1-based).</summary>
public sealed record PublishStep(string File, long Bytes, int Index, int Count);
