using Ranking.Training.Data;

namespace Ranking.Training.LightGbm;

/// <summary>A <see cref="RankingDataset"/> binned by LightGBM, with its labels and query groups set.</summary>
internal sealed unsafe class LightGbmDataset : IDisposable
{
    private LightGbmDataset(DatasetHandle handle) => Handle = handle;

    public DatasetHandle Handle { get; }

    /// <param name="data">The rows.</param>
    /// <param name="parameters">LightGBM parameters, the same as the booster's (binning depends on some of them).</param>
    /// <param name="reference">The training set, for a validation set: it must share the training set's bins.</param>
    /// <param name="positions">Each row's shown position, for position-aware lambdarank (training set only); null for none.</param>
    public static LightGbmDataset Create(RankingDataset data, string parameters, LightGbmDataset? reference = null, int[]? positions = null)
    {
        DatasetHandle handle;
        // The reference may be absent, which the SafeHandle marshaller cannot express: pass it raw, kept alive by a ref count.
        var referenceAdded = false;
        try
        {
            reference?.Handle.DangerousAddRef(ref referenceAdded);
            var referencePointer = referenceAdded ? reference!.Handle.DangerousGetHandle() : 0;
            fixed (float* features = data.Features)
            {
                LightGbmNative.Check(
                    LightGbmNative.LGBM_DatasetCreateFromMat(
                        features, LightGbmNative.DtypeFloat32, data.RowCount, data.FeatureCount, 1, parameters, referencePointer, out handle),
                    "LGBM_DatasetCreateFromMat");
            }
        }
        finally
        {
            if (referenceAdded)
            {
                reference!.Handle.DangerousRelease();
            }
        }

        var dataset = new LightGbmDataset(handle);
        try
        {
            fixed (float* labels = data.Labels)
            {
                LightGbmNative.Check(
                    LightGbmNative.LGBM_DatasetSetField(handle, "label", labels, data.RowCount, LightGbmNative.DtypeFloat32),
                    "LGBM_DatasetSetField(label)");
            }

            fixed (int* groups = data.GroupSizes)
            {
                LightGbmNative.Check(
                    LightGbmNative.LGBM_DatasetSetField(handle, "group", groups, data.QueryCount, LightGbmNative.DtypeInt32),
                    "LGBM_DatasetSetField(group)");
            }

            if (positions is not null)
            {
                fixed (int* shown = positions)
                {
                    LightGbmNative.Check(
                        LightGbmNative.LGBM_DatasetSetField(handle, "position", shown, data.RowCount, LightGbmNative.DtypeInt32),
                        "LGBM_DatasetSetField(position)");
                }
            }

            return dataset;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();
}
