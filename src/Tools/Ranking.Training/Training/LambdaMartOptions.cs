using System.Globalization;

namespace Ranking.Training.Training;

/// <summary>LambdaMART hyper-parameters. Training is deterministic for a given seed.</summary>
/// <remarks>
/// The defaults are measured (README, "Choosing the defaults"): selected on validation NDCG@10 over learning rate x
/// leaves x patience on the LightGBM example and the sample marketplace. 7 leaves won on validation on every set and
/// a patience of 20 never beat 100 or 200; 0.05 and 0.1 tied within the folds' spread and the smaller step was kept.
/// The former 0.1 / 31 leaves / patience 20 / 100 trees stopped at best iterations 4 to 16 and scored 0.007 to 0.046
/// lower test NDCG@10.
/// </remarks>
public sealed record LambdaMartOptions
{
    public const string LambdaRank = "lambdarank";
    public const string RankXeNdcg = "rank_xendcg";

    /// <summary>The objectives LightGBM offers for ranking that this project trains and exports.</summary>
    public static IReadOnlyList<string> Objectives { get; } = [LambdaRank, RankXeNdcg];

    /// <summary>LightGBM's objective: <see cref="LambdaRank"/> or <see cref="RankXeNdcg"/>.</summary>
    public string Objective { get; init; } = LambdaRank;
    /// <summary>The maximum number of boosting iterations (one tree each).</summary>
    public int Trees { get; init; } = 1000;
    public int Leaves { get; init; } = 7;
    public double LearningRate { get; init; } = 0.05;
    public int MinDataInLeaf { get; init; } = 20;
    public int Seed { get; init; } = 42;
    /// <summary>Stop after this many iterations without a better validation NDCG@10.</summary>
    public int EarlyStoppingRounds { get; init; } = 200;
    /// <summary>Early stopping may not end a run before this many iterations (the best iteration may still be earlier).</summary>
    public int MinIterations { get; init; } = 0;
    /// <summary>lambdarank only: how many top positions of each query the pairwise gradients cover (LightGBM's default 30).</summary>
    public int TruncationLevel { get; init; } = 30;
    /// <summary>The gain of each label value (index = label), for the lambdarank objective and the NDCG metric; null for LightGBM's 2^label - 1.</summary>
    public IReadOnlyList<double>? LabelGain { get; init; }
    public int Threads { get; init; } = 2;

    /// <summary>
    /// Position-aware lambdarank (LightGBM 4.1+): the training rows' logged positions (<see cref="Data.RankingDataset.Positions"/>)
    /// let LightGBM learn a per-position click bias next to the trees, so the model learns relevance rather than where
    /// the old ranking put an item. Only for lambdarank, and only for data with positions.
    /// </summary>
    public bool PositionDebias { get; init; }

    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!Objectives.Contains(Objective))
        {
            throw new ArgumentException($"Objective must be one of {string.Join(", ", Objectives)}, not '{Objective}'.");
        }

        Require(Trees > 0, nameof(Trees), Trees, "a positive number of trees");
        Require(Leaves >= 2, nameof(Leaves), Leaves, "at least 2 leaves");
        Require(MinDataInLeaf > 0, nameof(MinDataInLeaf), MinDataInLeaf, "a positive row count");
        Require(EarlyStoppingRounds > 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds, "a positive number of iterations");
        Require(MinIterations >= 0, nameof(MinIterations), MinIterations, "zero or a positive number of iterations");
        Require(TruncationLevel > 0, nameof(TruncationLevel), TruncationLevel, "a positive number of positions");
        Require(Threads > 0, nameof(Threads), Threads, "a positive thread count");
        Require(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), LearningRate, "a positive number");
        if (LabelGain is { } gains)
        {
            ValidateLabelGain(gains);
        }

        if (PositionDebias && Objective != LambdaRank)
        {
            throw new ArgumentException($"PositionDebias needs the {LambdaRank} objective, not '{Objective}'.");
        }
    }

    /// <summary>Checks that <see cref="LabelGain"/>, when set, has a gain for every label in <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">A label has no gain or is not a non-negative integer; the message names the label.</exception>
    public void ValidateLabels(ReadOnlySpan<float> labels, string dataName)
    {
        if (LabelGain is not { } gains)
        {
            return;
        }

        var max = 0f;
        foreach (var label in labels)
        {
            if (label < 0 || label != MathF.Floor(label))
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture, $"LabelGain needs non-negative integer labels, but the {dataName} data has label {label}."));
            }

            max = Math.Max(max, label);
        }

        if (max >= gains.Count)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"LabelGain has {gains.Count} entries but the {dataName} data has label {max}: give one gain per label 0..{max}, at least {max + 1} entries."));
        }
    }

    /// <summary>Reads a comma-separated label gain list such as <c>0,1,3,7</c> (invariant culture).</summary>
    /// <exception cref="ArgumentException">An entry is not a number.</exception>
    public static IReadOnlyList<double> ParseLabelGain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var gains = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out gains[i]))
            {
                throw new ArgumentException($"LabelGain entry {i} ('{parts[i]}') is not a number.");
            }
        }

        return gains;
    }

    /// <summary>LightGBM's parameter string. Determinism needs the fixed seed, deterministic=true and row-wise histograms.</summary>
    internal string ToLightGbmParameters()
    {
        var parameters = string.Create(
            CultureInfo.InvariantCulture,
            $"objective={Objective} metric=ndcg eval_at=1,3,5,10 num_leaves={Leaves} learning_rate={LearningRate:R} " +
            $"min_data_in_leaf={MinDataInLeaf} lambdarank_truncation_level={TruncationLevel} " +
            $"seed={Seed} deterministic=true force_row_wise=true num_threads={Threads} verbosity=-1");
        return LabelGain is { } gains
            ? parameters + " label_gain=" + string.Join(',', gains.Select(static g => g.ToString("R", CultureInfo.InvariantCulture)))
            : parameters;
    }

    private static void ValidateLabelGain(IReadOnlyList<double> gains)
    {
        if (gains.Count == 0)
        {
            throw new ArgumentException("LabelGain must have at least one entry.");
        }

        for (var i = 0; i < gains.Count; i++)
        {
            Require(double.IsFinite(gains[i]) && gains[i] >= 0, $"{nameof(LabelGain)}[{i}]", gains[i], "a non-negative number");
            if (i > 0 && gains[i] < gains[i - 1])
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture, $"LabelGain must be non-decreasing, but entry {i} ({gains[i]}) is below entry {i - 1} ({gains[i - 1]})."));
            }
        }
    }

    private static void Require(bool valid, string name, double value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be {expected}, not {value}."));
        }
    }
}
