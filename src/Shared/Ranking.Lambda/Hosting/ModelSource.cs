using Amazon.S3;
using Ranking.Handlers.Models;
using Ranking.Lambda.Configuration;
using Ranking.Lambda.Logging;
using Ranking.Stores.S3;

namespace Ranking.Lambda.Hosting;

/// <summary>
/// Loads each configured surface's model at init, from <c>RANKING_MODEL_DIR</c> when set, else the newest package
/// of the model in the bucket. A model that cannot load leaves its surface in fallback, logged; it does not fail init.
/// </summary>
public static class ModelSource
{
    public static async Task<ModelCatalog> LoadAsync(FunctionSettings settings, Func<IAmazonS3> s3, JsonLogger log, CancellationToken cancellationToken)
    {
        ModelCatalog catalog;
        if (settings.ModelDirectory is { } directory)
        {
            catalog = ModelCatalog.FromDirectory(directory, settings.Surfaces);
        }
        else
        {
            var packages = new S3ModelPackages(s3(), settings.ModelsBucket!);
            var surfaces = new List<SurfaceModel>();
            foreach (var (surface, name) in settings.Surfaces)
            {
                surfaces.Add(await LoadFromBucketAsync(packages, surface, name, cancellationToken));
            }

            catalog = new ModelCatalog(surfaces);
        }

        foreach (var surface in catalog.Surfaces)
        {
            if (surface.Model is { } model)
            {
                log.Info("model loaded", new("surface", surface.Surface), new("model", model.Name), new("version", model.Version));
            }
            else
            {
                log.Error("model unavailable; the surface ranks in fallback order", new("surface", surface.Surface), new("model", surface.ModelName), new("reason", surface.Unavailable));
            }
        }

        return catalog;
    }

    private static async Task<SurfaceModel> LoadFromBucketAsync(S3ModelPackages packages, string surface, string name, CancellationToken cancellationToken)
    {
        try
        {
            var model = await packages.LoadLatestAsync(name, cancellationToken);
            return model is null
                ? new SurfaceModel { Surface = surface, ModelName = name, Unavailable = $"no package of '{name}' in s3://{packages.Bucket}/{S3ModelPackages.RootPrefix}{name}/" }
                : new SurfaceModel { Surface = surface, ModelName = name, Model = model };
        }
        catch (Exception e) when (e is InvalidDataException or AmazonS3Exception or HttpRequestException)
        {
            return new SurfaceModel { Surface = surface, ModelName = name, Unavailable = e.Message };
        }
    }
}
