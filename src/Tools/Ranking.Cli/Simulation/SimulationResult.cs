namespace Ranking.Cli.Simulation;

/// <summary>One surface on one simulated day: how the live model served, and what the end-of-day retraining did.</summary>
/// <param name="LiveVersion">The version that served the day's traffic.</param>
/// <param name="TrueNdcg10">Mean over the day's rankings of NDCG@10 against the users' true relevance (P(click | examined)) of every eligible candidate.</param>
/// <param name="Ctr">Share of the day's impressions with a click (online CTR, as the experiment report counts it).</param>
/// <param name="TrainingProblem">Why no candidate was trained (too little labelled data), else null.</param>
/// <param name="LiveAfter">The version serving the next day: the candidate's when the gates passed it.</param>
internal sealed record SurfaceDay(
    int Day,
    DateOnly Date,
    string Surface,
    string LiveVersion,
    int Impressions,
    double TrueNdcg10,
    double Ctr,
    double PurchasesPerImpression,
    int Fallbacks,
    IReadOnlyList<CandidateVerdict> Candidates,
    string? TrainingProblem,
    string LiveAfter);

/// <summary>
/// One candidate trained at the end of a day, judged twice on the same held-out impressions (the newest of the
/// dataset, which neither model trained on): by the promotion gates, whose quality gate compares NDCG@10 against
/// clicks with the live model's, and by the truth the simulator knows.
/// </summary>
/// <param name="Training"><c>plain</c> or <c>debiased</c> (position-aware lambdarank).</param>
/// <param name="Submitted">Whether this is the candidate put in the models folder for serve's gates (the other is only judged).</param>
/// <param name="QualityPassed">The quality gate's verdict, null when an earlier gate stopped the run.</param>
/// <param name="Gates">The validator's gates, <c>gate: detail</c>, or the failing one's.</param>
internal sealed record CandidateVerdict(
    string Training,
    string Version,
    bool Submitted,
    bool PassedGates,
    bool? QualityPassed,
    string Gates,
    int HoldoutImpressions,
    double ClickNdcg10,
    double LiveClickNdcg10,
    double TrueNdcg10,
    double LiveTrueNdcg10)
{
    /// <summary>What the quality gate would decide if it could see the truth: not worse than live by more than its tolerance.</summary>
    public bool TrulyNotWorse(double tolerance) => TrueNdcg10 >= LiveTrueNdcg10 - tolerance;

    /// <summary>Whether the click-based quality gate decided as the truth would; null when it did not decide.</summary>
    public bool? AgreesWithTruth(double tolerance) => QualityPassed is { } passed ? passed == TrulyNotWorse(tolerance) : null;
}

/// <summary>The verdict of an experiment between a truly worse and a truly better model, read as its traffic grew.</summary>
/// <param name="ImpressionsToSignificance">The first checkpoint from which p stayed below 0.05 with the better model ahead, to the end; null if never.</param>
/// <param name="TrueNdcg10">Under A/B, each variant's mean true NDCG@10 of what it served; under interleaving, the merged lists'.</param>
internal sealed record ExperimentRun(
    string Mode,
    int Repeat,
    string Surface,
    string WorseModel,
    string BetterModel,
    IReadOnlyList<ExperimentCheckpoint> Checkpoints,
    int? ImpressionsToSignificance,
    IReadOnlyDictionary<string, double> TrueNdcg10);

/// <param name="Leader">The variant ahead (A/B: higher CTR; interleaving: more wins).</param>
internal sealed record ExperimentCheckpoint(int Impressions, double PValue, string Leader);

internal sealed record SimulationResult(SimulationOptions Options, double QualityTolerance, IReadOnlyList<SurfaceDay> Days, IReadOnlyList<ExperimentRun> Experiments, string? ExperimentSkipped);
