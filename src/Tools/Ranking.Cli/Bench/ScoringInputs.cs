using System.Globalization;
using Ranking.Core.Models;
using Ranking.Training.Onnx;

namespace Ranking.Cli.Bench;

/// <summary>
/// The matrices the scorers are timed on. From the package's holdout when it has one: rows drawn with a fixed seed, so
/// documents are real ones and take the paths real documents take, and each matrix mixes different rows. Otherwise
/// values drawn uniformly over each feature's split thresholds (widened by a tenth on each side), so documents still
/// fall on both sides of the splits.
/// </summary>
/// <remarks>
/// Several matrices because a scorer called on one matrix over and over lets the branch predictor learn its paths:
/// ONNX Runtime was measured at 4.8 ns per document and tree on one repeated matrix and about 21 on 16 taken in turn
/// (bench/Ranking.Benchmarks/README.md).
/// </remarks>
internal sealed class ScoringInputs
{
    /// <summary>The fewest matrices per doc count, as in the BenchmarkDotNet suite.</summary>
    public const int MinimumCount = 16;

    public const int Seed = 42;

    /// <summary>How far past its lowest and highest threshold a feature's random values reach, as a share of the span.</summary>
    private const float Margin = 0.1f;

    private readonly Holdout? _holdout;
    private readonly OnnxTreeSummary? _trees;
    private readonly int _width;

    private ScoringInputs(Holdout? holdout, OnnxTreeSummary? trees, int width)
    {
        _holdout = holdout;
        _trees = trees;
        _width = width;
    }

    /// <summary><c>holdout</c> or <c>random</c>.</summary>
    public string Source => _holdout is null ? "random" : "holdout";

    /// <summary>Where the values come from, for people.</summary>
    public string Description => _holdout is { } holdout
        ? string.Create(CultureInfo.InvariantCulture, $"rows drawn with seed {Seed} from the holdout ({holdout.Rows:N0} rows)")
        : _trees is null
            ? $"random values (seed {Seed}) uniform in [0, 1): no holdout in the package, and the model is not a tree ensemble"
            : $"random values (seed {Seed}) uniform over each feature's split thresholds: no holdout in the package";

    /// <exception cref="InvalidDataException">The holdout's rows are not as wide as the model's input.</exception>
    public static ScoringInputs FromHoldout(Holdout holdout, int width, string source) =>
        holdout.Width == width
            ? new ScoringInputs(holdout, null, width)
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{source} has {holdout.Width} features per row, the model {width}."));

    /// <param name="trees">The ensemble's thresholds; null for a model that is not a tree ensemble.</param>
    public static ScoringInputs FromThresholds(OnnxTreeSummary? trees, int width) => new(null, trees, width);

    /// <summary><paramref name="count"/> row-major <c>rows x width</c> matrices, the same for the same arguments.</summary>
    public float[][] Build(int rows, int count)
    {
        var random = new Random(Seed);
        var matrices = new float[count][];
        for (var m = 0; m < count; m++)
        {
            var matrix = matrices[m] = new float[rows * _width];
            for (var r = 0; r < rows; r++)
            {
                var row = matrix.AsSpan(r * _width, _width);
                if (_holdout is { } holdout)
                {
                    holdout.Features.AsSpan(random.Next(holdout.Rows) * _width, _width).CopyTo(row);
                }
                else
                {
                    FillRandom(row, random);
                }
            }
        }

        return matrices;
    }

    private void FillRandom(Span<float> row, Random random)
    {
        for (var f = 0; f < row.Length; f++)
        {
            if (_trees is null)
            {
                row[f] = random.NextSingle();
                continue;
            }

            // A feature no split reads keeps 0: its value changes no path. Around a single threshold t, values span t +- |t| / 10 (at least +- 0.1).
            var (low, high) = (_trees.LowestThreshold[f], _trees.HighestThreshold[f]);
            var margin = high > low ? (high - low) * Margin : Math.Max(1, Math.Abs(low)) * Margin;
            row[f] = float.IsNaN(low) ? 0 : low - margin + (random.NextSingle() * (high - low + (2 * margin)));
        }
    }
}
