namespace Ranking.Training.Datasets;

/// <summary>What the scan keeps from a good impression line; the spans point into the line and die with it.</summary>
internal ref struct ImpressionFacts
{
    public string? ImpressionId;

    /// <summary>The surface's UTF-8 text; empty when it was written with escapes (no valid surface needs one).</summary>
    public ReadOnlySpan<byte> Surface;

    /// <summary>The raw JSON of the features array, compared byte for byte to tell feature lists apart.</summary>
    public ReadOnlySpan<byte> Features;

    public int FeatureCount;
    public int ItemCount;
    public int Part;
    public int Parts;
}
