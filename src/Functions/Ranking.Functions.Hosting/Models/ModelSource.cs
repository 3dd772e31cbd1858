using Amazon.DynamoDBv2;
using Amazon.S3;
using Ranking.Core.Scoring.Trees;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Models;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Experiments;
using Ranking.Stores.Models;
using Ranking.Stores.Registry;

namespace Ranking.Functions.Hosting.Models;

/// <summary>
/// Where a function's models come from: <c>RANKING_MODEL_DIR</c> when set; else the registry's live alias when
/// <c>RANKING_MODELS_TABLE</c> is set, with packages from the bucket; else the newest package in the bucket.
/// Init loads every surface through the same refresher that later hot-swaps it, so a model that cannot load (or a
/// source that does not answer within <c>RANKING_MODEL_CHECK_TIMEOUT_MS</c>) leaves its surface in fallback (logged,
/// counted, named by health) and does not fail init.
/// </summary>
public static class ModelSource
{
    public static IModelLocator Locator(FunctionSettings settings, Func<IAmazonS3> s3, Func<IAmazonDynamoDB> dynamo, TimeProvider time, Func<double> randomizer)
    {
        if (settings.ModelDirectory is { } directory)
        {
            return new FolderModelLocator(directory);
        }

        var packages = new S3ModelPackages(s3(), settings.ModelsBucket!);
        return settings.ModelsTable is { } table
            ? new RegistryModelLocator(new DynamoModelRegistry(dynamo(), table, time, randomizer), packages)
            : new BucketModelLocator(packages);
    }

    /// <summary>
    /// Where the ranking functions read each surface's experiment: rows of the registry's table, re-read with the live
    /// alias, so only a registry deployment (<c>RANKING_MODELS_TABLE</c>) runs them; null otherwise.
    /// </summary>
    public static IExperimentStore? Experiments(FunctionSettings settings, IAmazonDynamoDB dynamo, TimeProvider time, Func<double> randomizer) =>
        settings.ModelsTable is { } table ? new DynamoExperimentStore(dynamo, table, time, randomizer) : null;

    /// <param name="experiments">Where each surface's experiment is read (<see cref="Experiments"/>); null serves none.</param>
    public static async Task<(ModelCatalog Catalog, ModelRefresher Refresher)> LoadAsync(
        FunctionSettings settings,
        IModelLocator locator,
        IRankingMetrics metrics,
        JsonLogger log,
        TimeProvider time,
        CancellationToken cancellationToken,
        IExperimentStore? experiments = null)
    {
        var catalog = ModelCatalog.Pending(settings.Surfaces, settings.Rules);
        var refresher = new ModelRefresher(catalog, locator, metrics, time, settings.ModelTtl, settings.ModelCheckTimeout) { Experiments = experiments };
        await refresher.RefreshAsync(message => log.Info(message), cancellationToken);
        foreach (var surface in catalog.Surfaces)
        {
            if (surface.Model is { } model)
            {
                // Which scorer serves it (for the native one, its layout and vector width), and when ONNX Runtime does, why the native one cannot: logged once, at load.
                log.Info("model loaded", new("surface", surface.Surface), new("model", model.Name), new("version", model.Version), new("scorer", model.Scorer is TreeEnsembleScorer ? "native" : "onnx runtime"), new("layout", (model.Scorer as TreeEnsembleScorer)?.Layout), new("nativeRefusal", model.NativeRefusal));
            }
            else
            {
                log.Error("model unavailable; the surface ranks in fallback order", new("surface", surface.Surface), new("model", surface.ModelName), new("reason", surface.Unavailable));
            }
        }

        return (catalog, refresher);
    }

    /// <summary>
    /// Hot-swap checks run after each answer is posted, never inside a request: a slow or stalled bucket or registry
    /// costs no caller anything, and what the check counts is flushed as its own EMF line.
    /// </summary>
    public static void RefreshAfterEachInvocation(LambdaInitContext context, ModelRefresher refresher, EmfMetrics metrics) =>
        context.RunAfterEachInvocation(async (log, cancellationToken) =>
        {
            try
            {
                await refresher.RefreshIfDueAsync(message => log.Info(message), cancellationToken);
            }
            finally
            {
                metrics.Flush();
            }
        });
}
