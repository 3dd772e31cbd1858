using System.Text;

namespace Ranking.Training.LightGbm;

/// <summary>A native LightGBM booster: trained here, or loaded from a model string.</summary>
internal sealed unsafe class LightGbmBooster : IDisposable
{
    private LightGbmBooster(BoosterHandle handle) => Handle = handle;

    public BoosterHandle Handle { get; }

    public static LightGbmBooster Create(LightGbmDataset train, string parameters)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreate(train.Handle, parameters, out var handle), "LGBM_BoosterCreate");
        return new LightGbmBooster(handle);
    }

    public static LightGbmBooster Load(string modelString)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelString);
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterLoadModelFromString(modelString, out _, out var handle), "LGBM_BoosterLoadModelFromString");
        return new LightGbmBooster(handle);
    }

    public int FeatureCount
    {
        get
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetNumFeature(Handle, out var count), "LGBM_BoosterGetNumFeature");
            return count;
        }
    }

    public void AddValidation(LightGbmDataset valid) =>
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterAddValidData(Handle, valid.Handle), "LGBM_BoosterAddValidData");

    /// <returns>True when LightGBM cannot split any further (training is finished).</returns>
    public bool UpdateOneIteration()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterUpdateOneIter(Handle, out var finished), "LGBM_BoosterUpdateOneIter");
        return finished != 0;
    }

    /// <param name="dataIndex">0 for the training set, 1 for the first validation set.</param>
    /// <returns>The metric values in the configured order (here: ndcg at each <c>eval_at</c>).</returns>
    public double[] GetEval(int dataIndex)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalCounts(Handle, out var count), "LGBM_BoosterGetEvalCounts");
        var results = new double[count];
        fixed (double* buffer = results)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEval(Handle, dataIndex, out var written, buffer), "LGBM_BoosterGetEval");
            return written == count ? results : results[..written];
        }
    }

    /// <param name="iterations">Iterations to keep; 0 or less: all.</param>
    public string SaveModelToString(int iterations) => ReadString(iterations, dump: false);

    /// <summary>The model as LightGBM's JSON dump (trees with split features, thresholds and leaf values).</summary>
    public string DumpModelJson(int iterations) => ReadString(iterations, dump: true);

    /// <summary>Raw scores of a row-major <c>rows x FeatureCount</c> float matrix.</summary>
    public void Predict(ReadOnlySpan<float> matrix, int rows, int columns, int iterations, Span<double> scores) =>
        Predict(matrix, rows, columns, iterations, LightGbmNative.PredictNormal, scores, rows);

    /// <summary>
    /// LightGBM's own TreeSHAP (<c>pred_contrib</c>): per row, <paramref name="columns"/> feature contributions and
    /// then the expected value, so <paramref name="contributions"/> holds <c>rows x (columns + 1)</c>.
    /// </summary>
    public void PredictContributions(ReadOnlySpan<float> matrix, int rows, int columns, Span<double> contributions) =>
        Predict(matrix, rows, columns, 0, LightGbmNative.PredictContrib, contributions, rows * (columns + 1));

    private void Predict(ReadOnlySpan<float> matrix, int rows, int columns, int iterations, int predictType, Span<double> output, int expected)
    {
        if (output.Length < expected)
        {
            throw new ArgumentException($"The output holds {output.Length} values, LightGBM writes {expected}.", nameof(output));
        }

        fixed (float* data = matrix)
        fixed (double* results = output)
        {
            LightGbmNative.Check(
                LightGbmNative.LGBM_BoosterPredictForMat(
                    Handle, data, LightGbmNative.DtypeFloat32, rows, columns, 1, predictType, 0, iterations, "num_threads=1", out var length, results),
                "LGBM_BoosterPredictForMat");
            if (length != expected)
            {
                throw new LightGbmException($"LightGBM predicted {length} values for {rows} rows.");
            }
        }
    }

    public void Dispose() => Handle.Dispose();

    private string ReadString(int iterations, bool dump)
    {
        // The first call reports the size (including the terminating NUL); the second fills a buffer that large.
        long length = 0;
        var buffer = new byte[1 << 16];
        for (var attempt = 0; attempt < 2; attempt++)
        {
            fixed (byte* data = buffer)
            {
                var result = dump
                    ? LightGbmNative.LGBM_BoosterDumpModel(Handle, 0, iterations, LightGbmNative.FeatureImportanceSplit, buffer.Length, out length, data)
                    : LightGbmNative.LGBM_BoosterSaveModelToString(Handle, 0, iterations, LightGbmNative.FeatureImportanceSplit, buffer.Length, out length, data);
                LightGbmNative.Check(result, dump ? "LGBM_BoosterDumpModel" : "LGBM_BoosterSaveModelToString");
            }

            if (length <= buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)Math.Max(0, length - 1));
            }

            buffer = new byte[length];
        }

        throw new LightGbmException("LightGBM's model string kept growing between calls.");
    }
}
