namespace Ranking.Training.Packaging;

/// <summary>File names inside a model package.</summary>
public static class ModelPackageFiles
{
    public const string Onnx = "model.onnx";
    public const string TrainerModel = "lightgbm.txt";
    public const string Holdout = "holdout.jsonl";
}
