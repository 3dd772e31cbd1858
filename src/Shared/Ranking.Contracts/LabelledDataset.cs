namespace Ranking.Contracts;

/// <summary>
/// DESIGN.md's "Labelled dataset", as <c>sql/labelled-dataset.sql</c> outputs it and the trainer reads it: these columns,
/// then one per feature. The CDK app's Athena step selects them; the trainer requires the ones it reads.
/// </summary>
public static class LabelledDataset
{
    public static IReadOnlyList<string> FixedColumns { get; } = ["impressionId", "time", "surface", "userId", "modelVersion", "variant", "position", "label"];
}
