using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ranking.Core.Models;

namespace Ranking.Core.Scoring;

/// <summary>
/// Scores a row-major feature matrix with an ONNX model. The session is built once and is safe to share
/// between concurrent requests; each call wraps the caller's buffers in <see cref="OrtValue"/>s without copying.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _outputIsMatrix;

    private OnnxScorer(InferenceSession session, string input, string output, int featureCount, bool outputIsMatrix)
    {
        _session = session;
        _inputNames = [input];
        _outputNames = [output];
        FeatureCount = featureCount;
        _outputIsMatrix = outputIsMatrix;
    }

    public int FeatureCount { get; }

    public static OnnxScorer Load(string modelPath, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
#pragma warning disable RS0030 // removed by the package-loading change
        return Load(File.ReadAllBytes(modelPath), manifest.Onnx.Input, manifest.Onnx.Output, manifest.Features.Count);
#pragma warning restore RS0030
    }

    /// <exception cref="InvalidDataException">The model does not load, or its input/output do not match the manifest.</exception>
    public static OnnxScorer Load(byte[] model, string input, string output, int featureCount)
    {
        InferenceSession session;
        using (var options = CreateOptions())
        {
            try
            {
                session = new InferenceSession(model, options);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"ONNX Runtime cannot load the model: {e.Message}", e);
            }
        }

        try
        {
            var outputIsMatrix = CheckSignature(session, input, output, featureCount);
            return new OnnxScorer(session, input, output, featureCount, outputIsMatrix);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Writes one score per row of <paramref name="matrix"/> (<c>rows x FeatureCount</c>) into <paramref name="scores"/>.</summary>
    public unsafe void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (matrix.Length < rows * FeatureCount || scores.Length < rows)
        {
            throw new ArgumentException($"Buffers too small for {rows} rows of {FeatureCount} features.");
        }

        long[] inputShape = [rows, FeatureCount];
        long[] outputShape = _outputIsMatrix ? [rows, 1] : [rows];
        // The buffers are pinned for the duration of Run only; ONNX Runtime reads and writes them in place.
        fixed (float* input = matrix)
        fixed (float* output = scores)
        {
            using var inputValue = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, inputShape, (nint)input, (long)rows * FeatureCount * sizeof(float));
            using var outputValue = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, outputShape, (nint)output, (long)rows * sizeof(float));
            _session.Run(_runOptions, _inputNames, [inputValue], _outputNames, [outputValue]);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>
    /// The session options every scorer uses (and benchmarks copy): Lambda gives a function about one vCPU, so one
    /// thread each for intra- and inter-op work, and no spinning,
    /// which would burn the CPU the request needs between runs.
    /// </summary>
    public static SessionOptions CreateOptions()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private static bool CheckSignature(InferenceSession session, string input, string output, int featureCount)
    {
        if (!session.InputMetadata.TryGetValue(input, out var inputMeta))
        {
            throw new InvalidDataException($"The model has no input '{input}' (it has: {string.Join(", ", session.InputMetadata.Keys)}).");
        }

        if (inputMeta.ElementDataType != TensorElementType.Float || inputMeta.Dimensions.Length != 2)
        {
            throw new InvalidDataException($"Input '{input}' must be float[N, F].");
        }

        var width = inputMeta.Dimensions[1];
        if (width > 0 && width != featureCount)
        {
            throw new InvalidDataException($"Input '{input}' takes {width} features but the manifest declares {featureCount}.");
        }

        if (!session.OutputMetadata.TryGetValue(output, out var outputMeta))
        {
            throw new InvalidDataException($"The model has no output '{output}' (it has: {string.Join(", ", session.OutputMetadata.Keys)}).");
        }

        var dims = outputMeta.Dimensions;
        var isMatrix = dims.Length == 2 && (dims[1] == 1 || dims[1] <= 0);
        if (outputMeta.ElementDataType != TensorElementType.Float || !(dims.Length == 1 || isMatrix))
        {
            throw new InvalidDataException($"Output '{output}' must be float[N] or float[N, 1].");
        }

        return isMatrix;
    }
}
