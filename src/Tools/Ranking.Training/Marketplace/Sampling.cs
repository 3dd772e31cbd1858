namespace Ranking.Training.Marketplace;

/// <summary>
/// Distributions over one seeded <see cref="Random"/>. <c>new Random(seed)</c> has a stable, documented sequence,
/// which is what makes the sample byte-identical for a seed.
/// </summary>
internal static class Sampling
{
    public static double Normal(this Random random, double mean = 0, double sd = 1)
    {
        // Box-Muller; 1 - NextDouble() keeps the log argument away from zero.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    public static double Gumbel(this Random random) => -Math.Log(-Math.Log(1.0 - (random.NextDouble() * 0.999999)));

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static double Uniform(this Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    public static int Poisson(this Random random, double mean)
    {
        // Knuth's method: the means used here are small.
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    public static int Weighted(this Random random, ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static double Clamp01(double x) => Math.Clamp(x, 0.0, 1.0);
}
