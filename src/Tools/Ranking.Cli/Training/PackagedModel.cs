using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Cli.Training;

/// <summary>A trained model written as a package: what <c>train</c> and <c>tune</c> report at the end.</summary>
internal sealed record PackagedModel(
    TrainingInputs Inputs, PackageTarget Package, LambdaMartModel Model, ModelPackageResult Result, double TrainingSeconds, double PackagingSeconds);
