namespace Ranking.Testing.Seams;

/// <summary>
/// Draws for the <c>Func&lt;double&gt;</c> seams (shadow sampling, retry jitter): a test pins the value, so what it
/// asserts never depends on a random draw.
/// </summary>
public static class Randomizers
{
    /// <summary>Always 0.5: half of every backoff bound; a shadow fraction above one half always samples, one at or below never does.</summary>
    public static readonly Func<double> Midpoint = () => 0.5;
}
